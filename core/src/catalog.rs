//! The provider catalog in its wire format (`GET /v1/providers`, `GET /v1/providers/{name}`).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::json::Json;

use crate::open_enum::open_enum;

/// Where the embedded catalog comes from.
pub const CATALOG_SOURCE: &str = "connection API GET /v1/providers, via shared/reference/providers.json \
     (public connectors repository, MIT)";
/// When the embedded catalog was published.
pub const CATALOG_TIMESTAMP: &str = "2026-08-21T18:26:09Z";

/// The embedded catalog, exactly as `GET /v1/providers` returns it (compacted).
pub const EMBEDDED_CATALOG_JSON: &str = include_str!("../catalog/providers.json");

/// The same catalog with only the members the form reads (written by `build.rs`): what the app
/// ships, since every byte of it is downloaded by every end user.
pub const FORM_CATALOG_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/form-catalog.json"));

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
#[derive(Debug, Clone, PartialEq)]
pub struct Provider {
    /// The provider's identifier, e.g. `zendeskSupport`.
    pub name: String,
    /// The name to show, e.g. `Zendesk Support`; empty when the catalog has none.
    pub display_name: String,
    /// How it authenticates.
    pub auth_type: AuthType,
    /// The API's base URL, a template such as `https://{{.workspace}}.zendesk.com`.
    pub base_url: String,
    /// The module assumed when none is chosen; empty when the provider has none.
    pub default_module: String,
    /// OAuth2 settings, for `authType: oauth2`.
    pub oauth2_opts: Option<OAuth2Opts>,
    /// API-key settings, for `authType: apiKey`.
    pub api_key_opts: Option<DocsOpts>,
    /// Basic-auth settings, for `authType: basic`.
    pub basic_opts: Option<BasicOpts>,
    /// Custom-auth settings, for `authType: custom`.
    pub custom_opts: Option<CustomOpts>,
    /// Values the end user types (`metadata.input`).
    pub metadata: Option<Metadata>,
    /// Icons and logos.
    pub media: Option<Media>,
    /// Free-form labels such as `experimental: "true"`.
    pub labels: BTreeMap<String, String>,
    /// Modules, keyed by id, each with its own base URL.
    pub modules: BTreeMap<String, Module>,
}

/// `oauth2Opts`.
#[derive(Debug, Clone, PartialEq)]
pub struct OAuth2Opts {
    /// The grant.
    pub grant_type: GrantType,
    /// The authorization URL template (authorization-code grants).
    pub auth_url: Option<String>,
    /// The token URL template.
    pub token_url: Option<String>,
    /// Scopes must be given explicitly.
    pub explicit_scopes_required: bool,
    /// The workspace must be known before the authorization URL can be built.
    pub explicit_workspace_required: bool,
    /// Where the provider's token response carries facts about the connection.
    pub token_metadata_fields: TokenMetadataFields,
    /// Where the user finds the client id and secret.
    pub docs_url: Option<String>,
}

/// `oauth2Opts.tokenMetadataFields`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TokenMetadataFields {
    /// The token response field that names the workspace: the API learns it at sign-in.
    pub workspace_ref_field: Option<String>,
}

/// Settings that only matter to the form for their help link (`apiKeyOpts`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocsOpts {
    /// Where the user finds the value.
    pub docs_url: Option<String>,
}

/// `basicOpts`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BasicOpts {
    /// Where the user finds the username and password.
    pub docs_url: Option<String>,
    /// The provider takes an API key sent as one half of basic auth.
    pub api_key_as_basic: bool,
    /// Which half carries the key, when `api_key_as_basic`.
    pub api_key_as_basic_opts: Option<ApiKeyAsBasicOpts>,
}

/// `basicOpts.apiKeyAsBasicOpts`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ApiKeyAsBasicOpts {
    /// `username` or `password`: where the key goes.
    pub field_used: Option<String>,
}

/// `customOpts`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomOpts {
    /// What the end user types. (`providerInputs` are the builder's and are never asked for.)
    pub inputs: Vec<CustomInput>,
    /// The flow runs through `/custom-auth/connect` in several steps.
    pub multi_step: bool,
}

/// `customOpts.inputs[]`.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomInput {
    /// The key under `customAuth`.
    pub name: String,
    /// The label.
    pub display_name: String,
    /// Text, password (the default) or select.
    pub field_type: Option<InputFieldType>,
    /// The choices of a select.
    pub options: Vec<SelectOption>,
    /// Where the user finds the value.
    pub docs_url: Option<String>,
}

/// One choice of a select input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SelectOption {
    /// What is sent.
    pub value: String,
    /// What is shown.
    pub label: String,
}

/// `metadata`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    /// Values the end user types before connecting.
    pub input: Vec<MetadataInput>,
}

/// `metadata.input[]`.
#[derive(Debug, Clone, PartialEq)]
pub struct MetadataInput {
    /// The key under `providerMetadata` (and the name used in URL templates).
    pub name: String,
    /// The label; the name when absent.
    pub display_name: Option<String>,
    /// An example to show as a placeholder. Never a value.
    pub default_value: Option<String>,
    /// Where the user finds the value.
    pub docs_url: Option<String>,
    /// The modules this input belongs to; absent means every module.
    pub module_dependencies: Option<Vec<String>>,
}

/// `media`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Media {
    /// Images for light backgrounds.
    pub regular: Option<MediaSet>,
    /// Images for dark backgrounds.
    pub dark_mode: Option<MediaSet>,
}

/// One set of provider images.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MediaSet {
    /// A square icon.
    pub icon_url: Option<String>,
}

/// One of `modules`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Module {
    /// The module's name.
    pub display_name: String,
    /// The module's base URL template.
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

    /// The provider's icon (`https://` only): the regular one, else the dark-mode one. The form shows
    /// one icon on light and dark pages, on a light tile in dark mode.
    pub fn icon_url(&self) -> Option<&str> {
        let media = self.media.as_ref()?;
        [&media.regular, &media.dark_mode]
            .into_iter()
            .flatten()
            .find_map(|set| set.icon_url.as_deref().and_then(https_only))
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
        let value = Json::parse(json).map_err(CatalogError::InvalidJson)?;
        let provider = Self::from_value(&value).map_err(CatalogError::InvalidProvider)?;
        if provider.name.is_empty() {
            return Err(CatalogError::InvalidProvider(
                Unreadable::new(Problem::Missing).within("name"),
            ));
        }
        Ok(provider)
    }

    /// Reads one provider, saying what is wrong with it. Members the form does not use are ignored;
    /// a member it uses with the wrong type makes the provider unreadable.
    fn from_value(value: &Json) -> Result<Self, Unreadable> {
        if value.as_object().is_none() {
            return Err(Unreadable::new(Problem::NotAnObject));
        }
        let mut labels = BTreeMap::new();
        for (key, label) in section(value, "labels", |o| Ok(o.as_object().unwrap_or_default()))?.unwrap_or_default() {
            // Inserted one by one: `collect()` into a map first sorts a vector, and that sort routine
            // would cost the browser code that `insert` does not.
            if let Some(text) = label.as_str() {
                labels.insert(key.clone(), text.to_owned());
            }
        }
        let mut modules = BTreeMap::new();
        for (key, module) in section(value, "modules", |o| Ok(o.as_object().unwrap_or_default()))?.unwrap_or_default() {
            let read = |m: &Json| -> Result<Module, Unreadable> {
                Ok(Module {
                    display_name: text(m, "displayName")?.unwrap_or_default(),
                    base_url: text(m, "baseURL")?.unwrap_or_default(),
                })
            };
            modules.insert(key.clone(), read(module).map_err(|e| e.within("modules"))?);
        }
        let provider = Provider {
            // The app's pruned copy leaves the name out (it is the provider's key); see `Catalog`.
            name: text(value, "name")?.unwrap_or_default(),
            display_name: text(value, "displayName")?.unwrap_or_default(),
            auth_type: AuthType::parse(&required(value, "authType")?),
            base_url: text(value, "baseURL")?.unwrap_or_default(),
            default_module: text(value, "defaultModule")?.unwrap_or_default(),
            oauth2_opts: section(value, "oauth2Opts", oauth2_opts)?,
            api_key_opts: section(value, "apiKeyOpts", |o| {
                Ok(DocsOpts {
                    docs_url: text(o, "docsURL")?,
                })
            })?,
            basic_opts: section(value, "basicOpts", basic_opts)?,
            custom_opts: section(value, "customOpts", |o| {
                Ok(CustomOpts {
                    inputs: list(o, "inputs", custom_input)?,
                    multi_step: flag(o, "multiStep")?,
                })
            })?,
            metadata: section(value, "metadata", |o| {
                Ok(Metadata {
                    input: list(o, "input", metadata_input)?,
                })
            })?,
            media: section(value, "media", |o| {
                let set = |s: &Json| {
                    Ok(MediaSet {
                        icon_url: text(s, "iconURL")?,
                    })
                };
                Ok(Media {
                    regular: section(o, "regular", set)?,
                    dark_mode: section(o, "darkMode", set)?,
                })
            })?,
            labels,
            modules,
        };
        if value.get("name").is_some() && provider.name.trim().is_empty() {
            return Err(Unreadable::new(Problem::EmptyName));
        }
        Ok(provider)
    }
}

/// An optional object member read by `read`; errors inside it are prefixed with its key.
fn section<'a, T>(
    value: &'a Json,
    key: &'static str,
    read: impl Fn(&'a Json) -> Result<T, Unreadable>,
) -> Result<Option<T>, Unreadable> {
    match object(value, key)? {
        Some(inner) => read(inner).map(Some).map_err(|e| e.within(key)),
        None => Ok(None),
    }
}

fn oauth2_opts(o: &Json) -> Result<OAuth2Opts, Unreadable> {
    let fields = section(o, "tokenMetadataFields", |f| text(f, "workspaceRefField"))?.flatten();
    Ok(OAuth2Opts {
        grant_type: GrantType::parse(&required(o, "grantType")?),
        auth_url: text(o, "authURL")?,
        token_url: text(o, "tokenURL")?,
        explicit_scopes_required: flag(o, "explicitScopesRequired")?,
        explicit_workspace_required: flag(o, "explicitWorkspaceRequired")?,
        token_metadata_fields: TokenMetadataFields {
            workspace_ref_field: fields,
        },
        docs_url: text(o, "docsURL")?,
    })
}

fn basic_opts(o: &Json) -> Result<BasicOpts, Unreadable> {
    Ok(BasicOpts {
        docs_url: text(o, "docsURL")?,
        api_key_as_basic: flag(o, "apiKeyAsBasic")?,
        api_key_as_basic_opts: section(o, "apiKeyAsBasicOpts", |a| {
            Ok(ApiKeyAsBasicOpts {
                field_used: text(a, "fieldUsed")?,
            })
        })?,
    })
}

fn wrong_type(key: &'static str, expected: &'static str, found: &Json) -> Unreadable {
    Unreadable::new(Problem::WrongType {
        expected,
        found: found.kind(),
    })
    .within(key)
}

/// An optional string member; `null` counts as absent.
fn text(value: &Json, key: &'static str) -> Result<Option<String>, Unreadable> {
    match value.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(text)) => Ok(Some(text.clone())),
        Some(other) => Err(wrong_type(key, "a string", other)),
    }
}

fn required(value: &Json, key: &'static str) -> Result<String, Unreadable> {
    text(value, key)?.ok_or_else(|| Unreadable::new(Problem::Missing).within(key))
}

fn flag(value: &Json, key: &'static str) -> Result<bool, Unreadable> {
    match value.get(key) {
        None | Some(Json::Null) => Ok(false),
        Some(Json::Bool(flag)) => Ok(*flag),
        Some(other) => Err(wrong_type(key, "a boolean", other)),
    }
}

fn object<'a>(value: &'a Json, key: &'static str) -> Result<Option<&'a Json>, Unreadable> {
    match value.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(object @ Json::Object(_)) => Ok(Some(object)),
        Some(other) => Err(wrong_type(key, "an object", other)),
    }
}

fn list<T>(value: &Json, key: &'static str, read: fn(&Json) -> Result<T, Unreadable>) -> Result<Vec<T>, Unreadable> {
    match value.get(key) {
        None | Some(Json::Null) => Ok(Vec::new()),
        Some(Json::Array(items)) => items.iter().map(|item| read(item).map_err(|e| e.within(key))).collect(),
        Some(other) => Err(wrong_type(key, "an array", other)),
    }
}

fn custom_input(value: &Json) -> Result<CustomInput, Unreadable> {
    Ok(CustomInput {
        name: required(value, "name")?,
        display_name: text(value, "displayName")?.unwrap_or_default(),
        field_type: text(value, "fieldType")?.map(|t| InputFieldType::parse(&t)),
        options: list(value, "options", |o| {
            Ok(SelectOption {
                value: required(o, "value")?,
                label: required(o, "label")?,
            })
        })?,
        docs_url: text(value, "docsURL")?,
    })
}

fn metadata_input(value: &Json) -> Result<MetadataInput, Unreadable> {
    Ok(MetadataInput {
        name: required(value, "name")?,
        display_name: text(value, "displayName")?,
        default_value: text(value, "defaultValue")?,
        docs_url: text(value, "docsURL")?,
        module_dependencies: object(value, "moduleDependencies")?.map(|deps| {
            deps.as_object()
                .unwrap_or_default()
                .iter()
                .map(|(k, _)| k.clone())
                .collect()
        }),
    })
}

/// A URL from the catalog, only when it is `https://`: a catalog fetched live must not be able to
/// put a `javascript:` link or a plain-http image into the form.
pub fn https_only(url: &str) -> Option<&str> {
    url.starts_with("https://").then_some(url)
}

/// Why a catalog as a whole could not be read. (A single bad provider is skipped, not an error.)
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    /// The text is not JSON.
    #[error("the catalog is not valid JSON: {0}")]
    InvalidJson(crate::json::JsonError),
    /// The JSON is not an object keyed by provider name.
    #[error("the catalog is not a JSON object keyed by provider name")]
    NotAnObject,
    /// The picker's index (`crate::catalog_files`) is not a JSON array.
    #[error("the picker's index is not a JSON array")]
    NotAnIndex,
    /// The JSON is an object without a single readable provider.
    #[error("the catalog has no usable provider")]
    Empty,
    /// A single provider could not be read.
    #[error("the provider could not be read: {0}")]
    InvalidProvider(Unreadable),
}

/// What is wrong with a provider's entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The entry is not an object.
    NotAnObject,
    /// A required member is absent.
    Missing,
    /// A member has the wrong type.
    WrongType {
        /// The type the form reads.
        expected: &'static str,
        /// The type found.
        found: &'static str,
    },
    /// The name is blank.
    EmptyName,
    /// The name differs from the key the catalog gives the entry.
    NameDiffers,
}

/// Why a provider could not be read: the problem and the key of the member it concerns (the innermost
/// one). It becomes a sentence only when displayed; the browser build never displays it, so it carries
/// no formatting code for it, which the size budget needs. (A full path of keys cost the download
/// about 1 kB more.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unreadable {
    /// What is wrong.
    pub problem: Problem,
    /// The key of the member it concerns, if any.
    pub key: Option<&'static str>,
}

impl Unreadable {
    fn new(problem: Problem) -> Self {
        Unreadable { problem, key: None }
    }

    /// The same problem, in member `key` (the innermost key is kept).
    fn within(self, key: &'static str) -> Self {
        Unreadable {
            key: self.key.or(Some(key)),
            ..self
        }
    }
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(key) = self.key {
            write!(f, "{key}: ")?;
        }
        match &self.problem {
            Problem::NotAnObject => write!(f, "not a JSON object"),
            Problem::Missing => write!(f, "missing"),
            Problem::WrongType { expected, found } => write!(f, "expected {expected}, found {found}"),
            Problem::EmptyName => write!(f, "empty name"),
            Problem::NameDiffers => write!(f, "its name differs from its key"),
        }
    }
}

/// A provider left out of the catalog, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The key it had in the catalog.
    pub name: String,
    /// What was wrong with it.
    pub reason: Unreadable,
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
        let value = Json::parse(json).map_err(CatalogError::InvalidJson)?;
        let entries = value.as_object().ok_or(CatalogError::NotAnObject)?;
        let mut catalog = Catalog::default();
        for (key, entry) in entries {
            match Provider::from_value(entry) {
                Ok(mut provider) if provider.name.is_empty() || &provider.name == key => {
                    provider.name.clone_from(key);
                    catalog.providers.insert(key.clone(), provider);
                }
                Ok(_) => catalog.skipped.push(Skipped {
                    reason: Unreadable::new(Problem::NameDiffers),
                    name: key.clone(),
                }),
                Err(reason) => catalog.skipped.push(Skipped {
                    name: key.clone(),
                    reason,
                }),
            }
        }
        if catalog.providers.is_empty() {
            return Err(CatalogError::Empty);
        }
        Ok(catalog)
    }

    /// The catalog built into the app.
    pub fn embedded() -> Self {
        Self::from_json(FORM_CATALOG_JSON).expect("the embedded catalog is checked by the tests")
    }

    /// A provider by name.
    pub fn get(&self, name: &str) -> Option<&Provider> {
        self.providers.get(name)
    }

    /// Every provider, ordered by name.
    pub fn providers(&self) -> impl Iterator<Item = &Provider> {
        self.providers.values()
    }

    /// Every provider, ordered by name, taken out of the catalog.
    pub fn into_providers(self) -> impl Iterator<Item = Provider> {
        self.providers.into_values()
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
    fn the_shipped_copy_keeps_everything_the_form_reads() {
        use crate::form::FormSpec;
        use crate::search::SignInKind;
        let full = Catalog::from_json(EMBEDDED_CATALOG_JSON).unwrap();
        let shipped = Catalog::embedded();
        assert_eq!(shipped.len(), full.len());
        for provider in full.providers() {
            let copy = shipped.get(&provider.name).unwrap();
            assert_eq!(copy.title(), provider.title());
            assert_eq!(copy.is_experimental(), provider.is_experimental());
            assert_eq!(SignInKind::of(copy), SignInKind::of(provider));
            assert_eq!(copy.icon_url(), provider.icon_url(), "{}", provider.name);
            let modules = provider.modules.keys().map(|m| Some(m.as_str())).chain([None]);
            for module in modules {
                assert_eq!(
                    FormSpec::for_provider(copy, module),
                    FormSpec::for_provider(provider, module)
                );
                assert_eq!(
                    FormSpec::token_import(copy, module),
                    FormSpec::token_import(provider, module)
                );
            }
        }
        assert!(FORM_CATALOG_JSON.len() < EMBEDDED_CATALOG_JSON.len() / 2);
    }

    #[test]
    fn embedded_catalog_reads_every_provider() {
        let catalog = Catalog::embedded();
        assert_eq!(catalog.len(), 238);
        assert!(catalog.skipped().is_empty(), "{:?}", catalog.skipped());
        let zendesk = catalog.get("zendeskSupport").unwrap();
        assert_eq!(zendesk.title(), "Zendesk Support");
        assert_eq!(zendesk.auth_type, AuthType::OAuth2);
        assert_eq!(zendesk.grant_type(), Some(&GrantType::AuthorizationCode));
        assert!(zendesk.icon_url().unwrap().starts_with("https://"));
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
            "renamed": {"name": "other", "authType": "apiKey", "baseURL": "https://r"},
            "badInput": {"name": "badInput", "authType": "custom", "customOpts": {"inputs": [{"name": "a"}, {"displayName": "K"}]}},
            "badModule": {"name": "badModule", "authType": "apiKey", "modules": {"crm": {"baseURL": 5}}}
        }"#;
        let catalog = Catalog::from_json(json).unwrap();
        assert_eq!(catalog.len(), 1);
        let reasons: BTreeMap<_, _> = catalog
            .skipped()
            .iter()
            .map(|s| (s.name.as_str(), s.reason.to_string()))
            .collect();
        assert_eq!(reasons.len(), 6);
        assert_eq!(reasons["badInput"], "name: missing");
        assert_eq!(reasons["badModule"], "baseURL: expected a string, found a number");
        assert_eq!(reasons["noAuth"], "authType: missing");
        assert_eq!(reasons["wrongType"], "authType: expected a string, found a number");
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
