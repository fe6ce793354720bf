//! What arrived with a request, kept so browser tests can check the API received the right values
//! (`GET /dev/projects/{p}/connections/{id}/received`). Secrets are kept only as their SHA-256 and
//! last characters: enough to show they arrived intact, useless to anyone reading the database.

use std::collections::BTreeMap;

use connect_core::api::{ConnectionRequest, MetadataValue};
use connect_core::form::{FieldKind, FormSpec};
use connect_core::secret::Secret;
use connect_core::validate::{FormValues, split_scopes};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::random::to_hex;

/// One received value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ReceivedValue {
    /// A secret: its SHA-256 (hex) and last four characters (empty for short values, see
    /// [`Secret::last_chars`]).
    Hidden {
        /// SHA-256 of the value as received, lowercase hex.
        sha256: String,
        /// The last four characters.
        last4: String,
    },
    /// A list (OAuth2 scopes).
    List(Vec<String>),
    /// A value that is not secret, in clear.
    Text(String),
}

impl ReceivedValue {
    /// The record of a secret.
    pub fn hidden(value: &str) -> Self {
        ReceivedValue::Hidden {
            sha256: to_hex(&Sha256::digest(value.as_bytes())),
            last4: Secret::new(value).last_chars(4),
        }
    }
}

/// Everything one connection received, by request path (`basicAuth.username`, `customAuth.token`,
/// `providerMetadata.workspace`, ...).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Received {
    /// The provider.
    pub provider: String,
    /// The credential key: `apiKey`, `basicAuth`, `customAuth`, `oauth2ClientCredentials`,
    /// `oauth2PasswordCredentials`, `oauth2AuthorizationCode` (imported tokens or an OAuth sign-in).
    pub credential: String,
    /// How it arrived: `generate`, `oauthConnect` or `customAuthConnect`.
    pub flow: String,
    /// The values.
    pub values: BTreeMap<String, ReceivedValue>,
}

impl Received {
    /// Replaces the values under `prefix` (a credential key or `providerMetadata`) with `fresh`.
    pub fn replace(&mut self, prefix: &str, fresh: BTreeMap<String, ReceivedValue>) {
        let dotted = format!("{prefix}.");
        self.values.retain(|k, _| k != prefix && !k.starts_with(&dotted));
        self.values
            .extend(fresh.into_iter().filter(|(k, _)| k == prefix || k.starts_with(&dotted)));
    }
}

/// The values of `request` as received: every field of `spec`, plus metadata and the workspace the
/// form did not ask for (kept in clear: metadata is never secret).
pub fn values_of(spec: &FormSpec, values: &FormValues, request: &ConnectionRequest) -> BTreeMap<String, ReceivedValue> {
    let mut out = BTreeMap::new();
    for field in &spec.fields {
        let raw = values.get(&field.target);
        if raw.is_empty() {
            continue;
        }
        let value = if matches!(field.kind, FieldKind::Secret) || field.target.is_secret_by_nature() {
            ReceivedValue::hidden(raw)
        } else if matches!(field.kind, FieldKind::Scopes) {
            ReceivedValue::List(split_scopes(raw))
        } else {
            ReceivedValue::Text(raw.to_owned())
        };
        out.insert(field.path(), value);
    }
    let metadata = request
        .provider_metadata
        .iter()
        .flat_map(|m: &BTreeMap<String, MetadataValue>| m.iter());
    for (name, entry) in metadata {
        out.entry(format!("providerMetadata.{name}"))
            .or_insert_with(|| ReceivedValue::Text(entry.value.clone()));
    }
    if let Some(workspace) = &request.provider_workspace_ref {
        out.insert(
            "providerWorkspaceRef".to_owned(),
            ReceivedValue::Text(workspace.clone()),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_hashed() {
        let value = ReceivedValue::hidden("correct horse battery");
        let ReceivedValue::Hidden { sha256, last4 } = &value else {
            panic!("not hidden")
        };
        assert_eq!(sha256.len(), 64);
        assert_eq!(last4, "tery");
        let json = serde_json::to_string(&value).unwrap();
        assert!(!json.contains("horse"));
    }

    #[test]
    fn replace_keeps_other_parts() {
        let mut received = Received::default();
        received.values.insert("apiKey".into(), ReceivedValue::hidden("old"));
        received
            .values
            .insert("apiKeyish".into(), ReceivedValue::Text("x".into()));
        received
            .values
            .insert("providerMetadata.workspace".into(), ReceivedValue::Text("acme".into()));
        let fresh = BTreeMap::from([
            ("apiKey".to_owned(), ReceivedValue::hidden("new")),
            (
                "providerMetadata.workspace".to_owned(),
                ReceivedValue::Text("ignored".into()),
            ),
        ]);
        received.replace("apiKey", fresh);
        assert_eq!(received.values["apiKey"], ReceivedValue::hidden("new"));
        assert_eq!(received.values["apiKeyish"], ReceivedValue::Text("x".into()));
        assert_eq!(
            received.values["providerMetadata.workspace"],
            ReceivedValue::Text("acme".into())
        );
    }
}
