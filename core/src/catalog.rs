//! The provider catalog in its wire format (`GET /v1/providers`, `GET /v1/providers/{name}`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::open_enum::open_enum;

/// Where the embedded catalog comes from.
pub const CATALOG_SOURCE: &str = "connection API GET /v1/providers, via shared/reference/providers.json \
     (public connectors repository, MIT)";
/// When the embedded catalog was published.
pub const CATALOG_TIMESTAMP: &str = "2026-08-21T18:26:09Z";

/// The embedded catalog, exactly as `GET /v1/providers` returns it (compacted).
pub const EMBEDDED_CATALOG_JSON: &str = include_str!("../catalog/providers.json");

open_enum! {
    /// How a provider authenticates (`authType`).
    pub enum AuthType {
        OAuth2 = "oauth2",
        ApiKey = "apiKey",
        Basic = "basic",
        Jwt = "jwt",
        Custom = "custom",
        None = "none",
    }
}

open_enum! {
    /// The OAuth2 grant a provider uses (`oauth2Opts.grantType`).
    pub enum GrantType {
        AuthorizationCode = "authorizationCode",
        AuthorizationCodePkce = "authorizationCodePKCE",
        ClientCredentials = "clientCredentials",
        Password = "password",
    }
}

open_enum! {
    /// The kind of a custom-auth input (`customOpts.inputs[].fieldType`).
    pub enum InputFieldType {
        Text = "fieldTypeText",
        Password = "fieldTypePassword",
        Select = "fieldTypeSelect",
    }
}

/// One provider of the catalog (`ProviderInfo`). Fields the form does not use are not kept.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Provider {
    /// The provider's identifier, e.g. `zendeskSupport`.
    pub name: String,
    /// The name to show, e.g. `Zendesk Support`; empty when the catalog has none.
    #[serde(default)]
    pub display_name: String,
    /// How it authenticates.
    pub auth_type: AuthType,
    /// The API's base URL, a template such as `https://{{.workspace}}.zendesk.com`.
    #[serde(rename = "baseURL")]
    pub base_url: String,
    /// The module assumed when none is chosen; empty when the provider has none.
    #[serde(default)]
    pub default_module: String,
    /// OAuth2 settings, for `authType: oauth2`.
    #[serde(default)]
    pub oauth2_opts: Option<OAuth2Opts>,
    /// API-key settings, for `authType: apiKey`.
    #[serde(default)]
    pub api_key_opts: Option<DocsOpts>,
    /// Basic-auth settings, for `authType: basic`.
    #[serde(default)]
    pub basic_opts: Option<BasicOpts>,
    /// Custom-auth settings, for `authType: custom`.
    #[serde(default)]
    pub custom_opts: Option<CustomOpts>,
    /// Values the end user types (`metadata.input`).
    #[serde(default)]
    pub metadata: Option<Metadata>,
    /// Icons and logos.
    #[serde(default)]
    pub media: Option<Media>,
    /// Free-form labels such as `experimental: "true"`.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// Modules, keyed by id, each with its own base URL.
    #[serde(default)]
    pub modules: BTreeMap<String, Module>,
}

/// `oauth2Opts`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OAuth2Opts {
    /// The grant.
    pub grant_type: GrantType,
    /// The authorization URL template (authorization-code grants).
    #[serde(default, rename = "authURL")]
    pub auth_url: Option<String>,
    /// The token URL template.
    #[serde(default, rename = "tokenURL")]
    pub token_url: Option<String>,
    /// Scopes must be given explicitly.
    #[serde(default)]
    pub explicit_scopes_required: bool,
    /// The workspace must be known before the authorization URL can be built.
    #[serde(default)]
    pub explicit_workspace_required: bool,
    /// Where the provider's token response carries facts about the connection.
    #[serde(default)]
    pub token_metadata_fields: TokenMetadataFields,
    /// Where the user finds the client id and secret.
    #[serde(default, rename = "docsURL")]
    pub docs_url: Option<String>,
}

/// `oauth2Opts.tokenMetadataFields`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenMetadataFields {
    /// The token response field that names the workspace: the API learns it at sign-in.
    #[serde(default)]
    pub workspace_ref_field: Option<String>,
}

/// Settings that only matter to the form for their help link (`apiKeyOpts`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct DocsOpts {
    /// Where the user finds the value.
    #[serde(default, rename = "docsURL")]
    pub docs_url: Option<String>,
}

/// `basicOpts`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BasicOpts {
    /// Where the user finds the username and password.
    #[serde(default, rename = "docsURL")]
    pub docs_url: Option<String>,
    /// The provider takes an API key sent as one half of basic auth.
    #[serde(default)]
    pub api_key_as_basic: bool,
    /// Which half carries the key, when `api_key_as_basic`.
    #[serde(default)]
    pub api_key_as_basic_opts: Option<ApiKeyAsBasicOpts>,
}

/// `basicOpts.apiKeyAsBasicOpts`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyAsBasicOpts {
    /// `username` or `password`: where the key goes.
    #[serde(default)]
    pub field_used: Option<String>,
}

/// `customOpts`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomOpts {
    /// What the end user types. (`providerInputs` are the builder's and are never asked for.)
    #[serde(default)]
    pub inputs: Vec<CustomInput>,
    /// The flow runs through `/custom-auth/connect` in several steps.
    #[serde(default)]
    pub multi_step: bool,
}

/// `customOpts.inputs[]`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomInput {
    /// The key under `customAuth`.
    pub name: String,
    /// The label.
    #[serde(default)]
    pub display_name: String,
    /// Text, password (the default) or select.
    #[serde(default)]
    pub field_type: Option<InputFieldType>,
    /// The choices of a select.
    #[serde(default)]
    pub options: Vec<SelectOption>,
    /// Where the user finds the value.
    #[serde(default, rename = "docsURL")]
    pub docs_url: Option<String>,
}

/// One choice of a select input.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct SelectOption {
    /// What is sent.
    pub value: String,
    /// What is shown.
    pub label: String,
}

/// `metadata`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Metadata {
    /// Values the end user types before connecting.
    #[serde(default)]
    pub input: Vec<MetadataInput>,
}

/// `metadata.input[]`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetadataInput {
    /// The key under `providerMetadata` (and the name used in URL templates).
    pub name: String,
    /// The label; the name when absent.
    #[serde(default)]
    pub display_name: Option<String>,
    /// An example to show as a placeholder. Never a value.
    #[serde(default)]
    pub default_value: Option<String>,
    /// Where the user finds the value.
    #[serde(default, rename = "docsURL")]
    pub docs_url: Option<String>,
    /// The modules this input belongs to; absent means every module.
    #[serde(default)]
    pub module_dependencies: Option<BTreeMap<String, serde_json::Value>>,
}

/// `media`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Media {
    /// Images for light backgrounds.
    #[serde(default)]
    pub regular: Option<MediaSet>,
    /// Images for dark backgrounds.
    #[serde(default)]
    pub dark_mode: Option<MediaSet>,
}

/// One set of provider images.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct MediaSet {
    /// A square icon.
    #[serde(default, rename = "iconURL")]
    pub icon_url: Option<String>,
    /// A wide logo.
    #[serde(default, rename = "logoURL")]
    pub logo_url: Option<String>,
}

/// One of `modules`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Module {
    /// The module's name.
    #[serde(default)]
    pub display_name: String,
    /// The module's base URL template.
    #[serde(default, rename = "baseURL")]
    pub base_url: String,
}

impl Provider {
    /// The name to show: the display name, else the identifier.
    pub fn title(&self) -> &str {
        if self.display_name.trim().is_empty() {
            &self.name
        } else {
            &self.display_name
        }
    }

    /// The OAuth2 grant, for OAuth2 providers.
    pub fn grant_type(&self) -> Option<&GrantType> {
        self.oauth2_opts.as_ref().map(|opts| &opts.grant_type)
    }

    /// Whether the catalog marks the provider experimental.
    pub fn is_experimental(&self) -> bool {
        self.labels.get("experimental").is_some_and(|v| v == "true")
    }

    /// The icon for a light or a dark page, falling back to the other set.
    pub fn icon_url(&self, dark: bool) -> Option<&str> {
        let media = self.media.as_ref()?;
        let (first, second) = if dark {
            (&media.dark_mode, &media.regular)
        } else {
            (&media.regular, &media.dark_mode)
        };
        [first, second]
            .into_iter()
            .flatten()
            .find_map(|set| set.icon_url.as_deref().filter(|url| url.starts_with("https://")))
    }

    /// Every URL template of the provider in which end-user values can land: the base URL, the
    /// OAuth2 authorization and token URLs, and each module's base URL.
    pub fn url_templates(&self) -> impl Iterator<Item = &str> {
        let oauth = self.oauth2_opts.as_ref();
        std::iter::once(self.base_url.as_str())
            .chain(oauth.and_then(|o| o.auth_url.as_deref()))
            .chain(oauth.and_then(|o| o.token_url.as_deref()))
            .chain(self.modules.values().map(|m| m.base_url.as_str()))
    }

    /// Parses one provider as `GET /v1/providers/{name}` returns it.
    pub fn from_json(json: &str) -> Result<Self, CatalogError> {
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| CatalogError::InvalidJson(e.to_string()))?;
        Self::from_value(value).map_err(CatalogError::InvalidProvider)
    }

    fn from_value(value: serde_json::Value) -> Result<Self, String> {
        if !value.is_object() {
            return Err("not a JSON object".to_owned());
        }
        let provider: Self = serde_json::from_value(value).map_err(|e| e.to_string())?;
        if provider.name.trim().is_empty() {
            return Err("empty name".to_owned());
        }
        Ok(provider)
    }
}

/// Why a catalog as a whole could not be read. (A single bad provider is skipped, not an error.)
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    /// The text is not JSON.
    #[error("the catalog is not valid JSON: {0}")]
    InvalidJson(String),
    /// The JSON is not an object keyed by provider name.
    #[error("the catalog is not a JSON object keyed by provider name")]
    NotAnObject,
    /// The JSON is an object without a single readable provider.
    #[error("the catalog has no usable provider")]
    Empty,
    /// A single provider could not be read.
    #[error("the provider could not be read: {0}")]
    InvalidProvider(String),
}

/// A provider left out of the catalog, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The key it had in the catalog.
    pub name: String,
    /// What was wrong with it.
    pub reason: String,
}

/// The providers a form can offer, keyed by name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    providers: BTreeMap<String, Provider>,
    skipped: Vec<Skipped>,
}

impl Catalog {
    /// Parses a catalog in its wire format. A malformed provider is skipped and reported in
    /// [`Catalog::skipped`]; only a document that is not a catalog at all is an error.
    pub fn from_json(json: &str) -> Result<Self, CatalogError> {
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| CatalogError::InvalidJson(e.to_string()))?;
        let serde_json::Value::Object(entries) = value else {
            return Err(CatalogError::NotAnObject);
        };
        let mut catalog = Catalog::default();
        for (key, entry) in entries {
            match Provider::from_value(entry) {
                Ok(provider) if provider.name == key => {
                    catalog.providers.insert(key, provider);
                }
                Ok(provider) => catalog.skipped.push(Skipped {
                    reason: format!("its name {:?} differs from its key", provider.name),
                    name: key,
                }),
                Err(reason) => catalog.skipped.push(Skipped { name: key, reason }),
            }
        }
        if catalog.providers.is_empty() {
            return Err(CatalogError::Empty);
        }
        Ok(catalog)
    }

    /// The catalog built into the app.
    pub fn embedded() -> Self {
        Self::from_json(EMBEDDED_CATALOG_JSON).expect("the embedded catalog is checked by the tests")
    }

    /// A provider by name.
    pub fn get(&self, name: &str) -> Option<&Provider> {
        self.providers.get(name)
    }

    /// Every provider, ordered by name.
    pub fn providers(&self) -> impl Iterator<Item = &Provider> {
        self.providers.values()
    }

    /// How many providers were read.
    pub fn len(&self) -> usize {
        self.providers.len()
    }

    /// Whether no provider was read.
    pub fn is_empty(&self) -> bool {
        self.providers.is_empty()
    }

    /// The providers that were left out, with reasons.
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalog_reads_every_provider() {
        let catalog = Catalog::embedded();
        assert_eq!(catalog.len(), 238);
        assert!(catalog.skipped().is_empty(), "{:?}", catalog.skipped());
        let zendesk = catalog.get("zendeskSupport").unwrap();
        assert_eq!(zendesk.title(), "Zendesk Support");
        assert_eq!(zendesk.auth_type, AuthType::OAuth2);
        assert_eq!(zendesk.grant_type(), Some(&GrantType::AuthorizationCode));
        assert!(zendesk.icon_url(false).unwrap().starts_with("https://"));
    }

    #[test]
    fn unknown_enum_values_are_kept_not_fatal() {
        let json = r#"{
            "a": {"name": "a", "authType": "quantum", "baseURL": "https://a", "defaultModule": "", "support": {}},
            "b": {"name": "b", "authType": "oauth2", "baseURL": "https://b", "defaultModule": "",
                  "oauth2Opts": {"grantType": "deviceCode", "tokenURL": "https://b/t",
                  "explicitScopesRequired": false, "explicitWorkspaceRequired": false, "tokenMetadataFields": {}}},
            "c": {"name": "c", "authType": "custom", "baseURL": "https://c", "defaultModule": "",
                  "customOpts": {"inputs": [{"name": "k", "displayName": "K", "fieldType": "fieldTypeColour"}]},
                  "somethingNew": [1, 2, 3]}
        }"#;
        let catalog = Catalog::from_json(json).unwrap();
        assert_eq!(catalog.get("a").unwrap().auth_type, AuthType::Unknown("quantum".into()));
        assert_eq!(
            catalog.get("b").unwrap().grant_type(),
            Some(&GrantType::Unknown("deviceCode".into()))
        );
        let input = &catalog.get("c").unwrap().custom_opts.as_ref().unwrap().inputs[0];
        assert_eq!(
            input.field_type,
            Some(InputFieldType::Unknown("fieldTypeColour".into()))
        );
    }

    #[test]
    fn malformed_providers_are_skipped_with_a_reason() {
        let json = r#"{
            "good": {"name": "good", "authType": "apiKey", "baseURL": "https://g", "defaultModule": ""},
            "noAuth": {"name": "noAuth", "baseURL": "https://n"},
            "wrongType": {"name": "wrongType", "authType": 7, "baseURL": "https://w"},
            "notObject": [1],
            "renamed": {"name": "other", "authType": "apiKey", "baseURL": "https://r"}
        }"#;
        let catalog = Catalog::from_json(json).unwrap();
        assert_eq!(catalog.len(), 1);
        let reasons: BTreeMap<_, _> = catalog
            .skipped()
            .iter()
            .map(|s| (s.name.as_str(), s.reason.as_str()))
            .collect();
        assert_eq!(reasons.len(), 4);
        assert!(reasons["noAuth"].contains("authType"), "{}", reasons["noAuth"]);
        assert!(
            reasons["wrongType"].contains("invalid type"),
            "{}",
            reasons["wrongType"]
        );
        assert_eq!(reasons["notObject"], "not a JSON object");
        assert!(reasons["renamed"].contains("differs"));
    }

    #[test]
    fn documents_that_are_not_catalogs_are_errors() {
        assert!(matches!(
            Catalog::from_json("<html>"),
            Err(CatalogError::InvalidJson(_))
        ));
        assert_eq!(Catalog::from_json("[1,2]"), Err(CatalogError::NotAnObject));
        assert_eq!(Catalog::from_json("{}"), Err(CatalogError::Empty));
        assert_eq!(Catalog::from_json(r#"{"x": 1}"#), Err(CatalogError::Empty));
    }

    #[test]
    fn a_single_provider_parses_as_the_api_returns_it() {
        let json = r#"{"name": "x", "authType": "basic", "baseURL": "https://x", "defaultModule": "",
                       "basicOpts": {"docsURL": "https://docs"}, "support": {"read": true}}"#;
        let provider = Provider::from_json(json).unwrap();
        assert_eq!(provider.title(), "x");
        assert_eq!(provider.basic_opts.unwrap().docs_url.as_deref(), Some("https://docs"));
        assert!(matches!(
            Provider::from_json("{}"),
            Err(CatalogError::InvalidProvider(_))
        ));
    }
}
