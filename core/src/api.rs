//! The API's request and response bodies, as the form sends and reads them.
//!
//! Optional keys are left out rather than sent empty: the API receives only what applies.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::json::ObjectWriter;
use crate::open_enum::open_enum;
use crate::secret::Secret;

open_enum! {
    /// Where a metadata value came from (`ProviderMetadataInfo.source`).
    pub enum MetadataSource {
        Input = "input",
        Token = "token",
        Provider = "provider",
    }
}

/// One entry of `providerMetadata`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetadataValue {
    /// The value.
    pub value: String,
    /// Where it came from; the form always sends `input`.
    pub source: MetadataSource,
    /// A name to show, when the API gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
}

impl MetadataValue {
    /// A value the end user typed.
    pub fn input(value: impl Into<String>) -> Self {
        MetadataValue {
            value: value.into(),
            source: MetadataSource::Input,
            display_name: None,
        }
    }
}

/// `basicAuth`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BasicAuth {
    /// The user name (empty when an API key is sent as the password).
    pub username: String,
    /// The password.
    pub password: Secret,
}

/// `oauth2ClientCredentials`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientCredentials {
    /// The client id.
    pub client_id: String,
    /// The client secret.
    pub client_secret: Secret,
    /// The scopes, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
}

/// `oauth2PasswordCredentials`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordCredentials {
    /// The user name.
    pub username: String,
    /// The user's password.
    pub password: Secret,
    /// The client id.
    pub client_id: String,
    /// The client secret.
    pub client_secret: Secret,
    /// The scopes, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
}

/// An OAuth2 token with its times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Token {
    /// The token.
    pub token: Secret,
    /// When it expires (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// When it was issued (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<String>,
}

/// `oauth2AuthorizationCode`: tokens obtained elsewhere, imported as a connection.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizationCodeTokens {
    /// The access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<Token>,
    /// The refresh token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Token>,
    /// The granted scopes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
}

/// `ConnectionRequest`; with `groupRef`, `consumerRef` and `provider` set it is a
/// `GenerateConnectionRequest`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionRequest {
    /// The provider's identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// The end user's group, as the embedding product names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_ref: Option<String>,
    /// The group's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    /// The end user, as the embedding product names them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer_ref: Option<String>,
    /// The end user's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer_name: Option<String>,
    /// The provider workspace (the `workspace` metadata value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_workspace_ref: Option<String>,
    /// Metadata values, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_metadata: Option<BTreeMap<String, MetadataValue>>,
    /// An API key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<Secret>,
    /// Custom-auth inputs, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_auth: Option<BTreeMap<String, Secret>>,
    /// Basic auth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic_auth: Option<BasicAuth>,
    /// OAuth2 client credentials.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "oauth2ClientCredentials")]
    pub oauth2_client_credentials: Option<ClientCredentials>,
    /// OAuth2 password grant.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        rename = "oauth2PasswordCredentials"
    )]
    pub oauth2_password_credentials: Option<PasswordCredentials>,
    /// Imported OAuth2 tokens.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "oauth2AuthorizationCode")]
    pub oauth2_authorization_code: Option<AuthorizationCodeTokens>,
}

impl ConnectionRequest {
    /// The credential keys present in the request, as the API names them.
    pub fn credential_keys(&self) -> Vec<&'static str> {
        let mut keys = Vec::new();
        if self.api_key.is_some() {
            keys.push("apiKey");
        }
        if self.basic_auth.is_some() {
            keys.push("basicAuth");
        }
        if self.custom_auth.is_some() {
            keys.push("customAuth");
        }
        if self.oauth2_client_credentials.is_some() {
            keys.push("oauth2ClientCredentials");
        }
        if self.oauth2_password_credentials.is_some() {
            keys.push("oauth2PasswordCredentials");
        }
        if self.oauth2_authorization_code.is_some() {
            keys.push("oauth2AuthorizationCode");
        }
        keys
    }
}

// The bodies as JSON text, written with `crate::json::ObjectWriter` rather than serde_json, which
// would cost the browser's download more. Members in the order serde writes them: the tests check
// both give the same bytes for every request the catalog can produce.

fn map_json<V>(map: Option<&BTreeMap<String, V>>, value: impl Fn(&V) -> String) -> Option<String> {
    map.map(|map| {
        let mut writer = ObjectWriter::new();
        for (key, v) in map {
            writer = writer.raw(key, Some(value(v)));
        }
        writer.finish()
    })
}

fn metadata_json(map: Option<&BTreeMap<String, MetadataValue>>) -> Option<String> {
    map_json(map, |m| {
        ObjectWriter::new()
            .str("value", &m.value)
            .str("source", m.source.as_str())
            .opt_str("displayName", m.display_name.as_deref())
            .finish()
    })
}

fn token_json(token: Option<&Token>) -> Option<String> {
    token.map(|t| {
        ObjectWriter::new()
            .str("token", t.token.expose())
            .opt_str("expiresAt", t.expires_at.as_deref())
            .opt_str("issuedAt", t.issued_at.as_deref())
            .finish()
    })
}

impl ConnectionRequest {
    /// The request as JSON text.
    pub fn to_json(&self) -> String {
        let basic = self.basic_auth.as_ref().map(|b| {
            ObjectWriter::new()
                .str("username", &b.username)
                .str("password", b.password.expose())
                .finish()
        });
        let client = self.oauth2_client_credentials.as_ref().map(|c| {
            ObjectWriter::new()
                .str("clientId", &c.client_id)
                .str("clientSecret", c.client_secret.expose())
                .strings("scopes", c.scopes.as_ref())
                .finish()
        });
        let password = self.oauth2_password_credentials.as_ref().map(|c| {
            ObjectWriter::new()
                .str("username", &c.username)
                .str("password", c.password.expose())
                .str("clientId", &c.client_id)
                .str("clientSecret", c.client_secret.expose())
                .strings("scopes", c.scopes.as_ref())
                .finish()
        });
        let tokens = self.oauth2_authorization_code.as_ref().map(|t| {
            ObjectWriter::new()
                .raw("accessToken", token_json(t.access_token.as_ref()))
                .raw("refreshToken", token_json(t.refresh_token.as_ref()))
                .strings("scopes", t.scopes.as_ref())
                .finish()
        });
        ObjectWriter::new()
            .opt_str("provider", self.provider.as_deref())
            .opt_str("groupRef", self.group_ref.as_deref())
            .opt_str("groupName", self.group_name.as_deref())
            .opt_str("consumerRef", self.consumer_ref.as_deref())
            .opt_str("consumerName", self.consumer_name.as_deref())
            .opt_str("providerWorkspaceRef", self.provider_workspace_ref.as_deref())
            .raw("providerMetadata", metadata_json(self.provider_metadata.as_ref()))
            .opt_str("apiKey", self.api_key.as_ref().map(Secret::expose))
            .raw("customAuth", secrets_json(self.custom_auth.as_ref()))
            .raw("basicAuth", basic)
            .raw("oauth2ClientCredentials", client)
            .raw("oauth2PasswordCredentials", password)
            .raw("oauth2AuthorizationCode", tokens)
            .finish()
    }
}

fn secrets_json(map: Option<&BTreeMap<String, Secret>>) -> Option<String> {
    map_json(map, |secret| {
        let mut out = String::new();
        crate::json::write_string(&mut out, secret.expose());
        out
    })
}

impl UpdateConnectionRequest {
    /// The request as JSON text.
    pub fn to_json(&self) -> String {
        ObjectWriter::new()
            .strings("updateMask", Some(&self.update_mask))
            .raw("connection", Some(self.connection.to_json()))
            .finish()
    }
}

impl OAuthConnectRequest {
    /// The request as JSON text.
    pub fn to_json(&self) -> String {
        ObjectWriter::new()
            .str("projectIdOrName", &self.project_id_or_name)
            .str("provider", &self.provider)
            .str("groupRef", &self.group_ref)
            .opt_str("groupName", self.group_name.as_deref())
            .str("consumerRef", &self.consumer_ref)
            .opt_str("consumerName", self.consumer_name.as_deref())
            .opt_str("providerWorkspaceRef", self.provider_workspace_ref.as_deref())
            .raw("providerMetadata", metadata_json(self.provider_metadata.as_ref()))
            .finish()
    }
}

impl CustomAuthConnectRequest {
    /// The request as JSON text.
    pub fn to_json(&self) -> String {
        let params = map_json(self.callback_params.as_ref(), |value| {
            let mut out = String::new();
            crate::json::write_string(&mut out, value);
            out
        });
        ObjectWriter::new()
            .str("projectIdOrName", &self.project_id_or_name)
            .opt_str("provider", self.provider.as_deref())
            .opt_str("groupRef", self.group_ref.as_deref())
            .opt_str("groupName", self.group_name.as_deref())
            .opt_str("consumerRef", self.consumer_ref.as_deref())
            .opt_str("consumerName", self.consumer_name.as_deref())
            .raw("providerMetadata", metadata_json(self.provider_metadata.as_ref()))
            .raw("customAuth", secrets_json(self.custom_auth.as_ref()))
            .opt_str("sessionId", self.session_id.as_deref())
            .raw("callbackParams", params)
            .finish()
    }
}

/// The `updateMask` values the API knows, in the order the form sends them.
pub const UPDATE_MASKS: [&str; 6] = [
    "providerWorkspaceRef",
    "providerMetadata",
    "apiKey",
    "basicAuth",
    "oauth2ClientCredentials",
    "oauth2PasswordCredentials",
];

/// `UpdateConnectionRequest`: what to change on an existing connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateConnectionRequest {
    /// The parts of `connection` to apply (`apiKey`, `basicAuth`, `providerMetadata`, ...).
    pub update_mask: Vec<String>,
    /// The new values.
    pub connection: ConnectionRequest,
}

/// The body of `POST /oauth-connect`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OAuthConnectRequest {
    /// The project.
    pub project_id_or_name: String,
    /// The provider.
    pub provider: String,
    /// The end user's group.
    pub group_ref: String,
    /// The group's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    /// The end user.
    pub consumer_ref: String,
    /// The end user's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer_name: Option<String>,
    /// The workspace, when known before sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_workspace_ref: Option<String>,
    /// Metadata known before sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_metadata: Option<BTreeMap<String, MetadataValue>>,
}

/// The body of `POST /custom-auth/connect`: a first call with the inputs, or a later one with the
/// `sessionId` and what the redirect step sent back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomAuthConnectRequest {
    /// The project.
    pub project_id_or_name: String,
    /// The provider (first call).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// The end user's group (first call).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_ref: Option<String>,
    /// The group's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    /// The end user (first call).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer_ref: Option<String>,
    /// The end user's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer_name: Option<String>,
    /// Metadata values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_metadata: Option<BTreeMap<String, MetadataValue>>,
    /// The inputs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_auth: Option<BTreeMap<String, Secret>>,
    /// The session of a flow under way (later calls).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// What the redirect step sent back (later calls).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_params: Option<BTreeMap<String, String>>,
}

/// Where a multi-step flow sends the user next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Redirect {
    /// The page to open.
    pub url: String,
    /// The session to resume with.
    pub session_id: String,
}

/// The answer of `POST /custom-auth/connect`: done, or one more step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CustomAuthConnectResponse {
    /// One more step in a popup.
    Redirect(Redirect),
    /// Connected.
    Connection(Box<Connection>),
}

/// A group as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    /// The embedding product's reference.
    pub group_ref: String,
    /// Its display name.
    pub group_name: String,
    /// The project.
    pub project_id: String,
    /// When it was created.
    pub create_time: String,
    /// When it last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_time: Option<String>,
}

/// A consumer as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Consumer {
    /// The embedding product's reference.
    pub consumer_ref: String,
    /// Its display name.
    pub consumer_name: String,
    /// The project.
    pub project_id: String,
    /// When it was created.
    pub create_time: String,
    /// When it last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_time: Option<String>,
}

open_enum! {
    /// `Connection.status`.
    pub enum ConnectionStatus {
        Created = "created",
        Working = "working",
        BadCredentials = "bad_credentials",
    }
}

/// A connection as the API returns it. It never carries the secrets it was made with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    /// Its id.
    pub id: String,
    /// The project.
    pub project_id: String,
    /// The provider.
    pub provider: String,
    /// The group.
    pub group: Group,
    /// The consumer.
    pub consumer: Consumer,
    /// The provider workspace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_workspace_ref: Option<String>,
    /// When it was created.
    pub create_time: String,
    /// When it last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_time: Option<String>,
    /// How it authenticates (`apiKey`, `basic`, `oauth2/clientCredentials`, ...).
    pub auth_scheme: String,
    /// Its health.
    pub status: ConnectionStatus,
    /// Metadata values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_metadata: Option<BTreeMap<String, MetadataValue>>,
}

/// What the form needs of a connection the API returned, read without serde's deserializer (see
/// [`crate::json`]): enough to confirm it, to show it and to update it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConnectionSummary {
    /// Its id.
    pub id: String,
    /// The provider.
    pub provider: String,
    /// The provider workspace, when known.
    pub workspace: Option<String>,
    /// When it was created.
    pub create_time: Option<String>,
    /// When it last changed (a new sign-in changes it).
    pub update_time: Option<String>,
    /// Its health.
    pub status: Option<ConnectionStatus>,
    /// Its metadata values by name (never secrets: a connection carries none).
    pub metadata: Vec<(String, String)>,
}

impl ConnectionSummary {
    /// Reads a `Connection` document; `None` when it has no id or provider.
    pub fn from_json(text: &str) -> Option<ConnectionSummary> {
        Self::from_value(&crate::json::Json::parse(text).ok()?)
    }

    /// Reads a `Connection[]` document (`GET .../connections`), skipping items that are not
    /// connections; `None` when it is not a list.
    pub fn list_from_json(text: &str) -> Option<Vec<ConnectionSummary>> {
        let json = crate::json::Json::parse(text).ok()?;
        Some(json.as_array()?.iter().filter_map(Self::from_value).collect())
    }

    /// Reads a parsed `Connection`.
    pub fn from_value(json: &crate::json::Json) -> Option<ConnectionSummary> {
        let metadata = json
            .get("providerMetadata")
            .and_then(crate::json::Json::as_object)
            .unwrap_or_default()
            .iter()
            .filter_map(|(name, entry)| Some((name.clone(), entry.str_at("value")?)))
            .collect();
        Some(ConnectionSummary {
            id: json.str_at("id").filter(|id| !id.is_empty())?,
            provider: json.str_at("provider")?,
            workspace: json.str_at("providerWorkspaceRef"),
            create_time: json.str_at("createTime"),
            update_time: json.str_at("updateTime"),
            status: json.str_at("status").map(|s| ConnectionStatus::parse(&s)),
            metadata,
        })
    }
}
