//! `POST /dev/token`: the embedding product's token endpoint, stood in for. It mints a bearer token
//! (`auth.rs`) for the user the product's session says is signed in (`session.rs`), or for the one
//! identity fixed at start-up, never for refs the browser names.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::Serialize;

use crate::auth::{AuthKeys, Claims, Identity, TOKEN_LIFETIME, mint};
use crate::clock;
use crate::extract::{OptionalJsonBody, json_kind};
use crate::problem::{ApiError, issue};
use crate::session::{self, Found};

/// The answer of `POST /dev/token`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenAnswer {
    /// The JWT.
    pub token: String,
    /// When it expires (RFC 3339).
    pub expires_at: String,
    /// Seconds it lives.
    pub expires_in: i64,
}

/// Whom `POST /dev/token` mints for, and who that is in a sentence: the signed-in user of the
/// `dev_session` cookie, else the identity fixed at start-up, else nobody (401).
fn minting_identity(keys: &AuthKeys, headers: &HeaderMap) -> Result<(Identity, &'static str), ApiError> {
    let fixed = keys.identity();
    match session::find(keys.key(), headers, clock::now()) {
        Found::Valid(identity) => {
            session::check_fixed(keys, &identity)?;
            Ok((identity, "The signed-in user is"))
        }
        // A cookie we cannot believe is treated as absent: cookies ignore ports, so one signed by
        // another dev-api on this host (or an earlier run) arrives here too.
        found => match fixed {
            Some(fixed) => Ok((
                fixed.clone(),
                "This dev-api mints only for (--token-group, --token-consumer)",
            )),
            None => {
                let why = match found {
                    Found::Invalid(error) => format!(" (a {} cookie came, but {error})", session::COOKIE),
                    _ => String::new(),
                };
                Err(ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unauthorized",
                    format!("There is no signed-in user: POST /dev/session first{why}."),
                )
                .with_remedy(
                    "Sign in with POST /dev/session {\"groupRef\", \"consumerRef\"} (the stand-in for the \
                     product's login; send the token request with credentials), or start dev-api with \
                     --token-group and --token-consumer.",
                ))
            }
        },
    }
}

/// `POST /dev/token` (body optional): a token for the signed-in user, in place of the embedding
/// product's backend. `groupRef` and `consumerRef` in the body (the form sends them) are only
/// compared: when they differ from that user's, the answer is 403, because a token endpoint must
/// never mint for refs the browser chose.
pub async fn token(
    State(keys): State<Arc<AuthKeys>>,
    headers: HeaderMap,
    OptionalJsonBody(body): OptionalJsonBody,
) -> Result<Json<TokenAnswer>, ApiError> {
    let mut named = Vec::new();
    for key in ["groupRef", "consumerRef"] {
        match body.get(key) {
            None | Some(serde_json::Value::Null) => named.push(None),
            Some(serde_json::Value::String(s)) => named.push(Some(s.trim().to_owned())),
            Some(other) => {
                let detail = format!("{key} must be a string, not {}.", json_kind(other));
                return Err(ApiError::bad_request(detail.clone()).with_issues(vec![issue(key, detail)]));
            }
        }
    }
    let (identity, who) = minting_identity(&keys, &headers)?;
    let differs = |named: &Option<String>, own: &str| named.as_deref().is_some_and(|n| n != own);
    if differs(&named[0], &identity.group_ref) || differs(&named[1], &identity.consumer_ref) {
        let asked = Identity {
            group_ref: named[0].clone().unwrap_or_else(|| identity.group_ref.clone()),
            consumer_ref: named[1].clone().unwrap_or_else(|| identity.consumer_ref.clone()),
        };
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            format!(
                "{who} {}; the request names {}, and tokens are never minted for refs the browser chose.",
                identity.describe(),
                asked.describe()
            ),
        )
        .with_remedy(
            "Leave groupRef and consumerRef out of the body (or send the signed-in user's), or sign in as that user \
             with POST /dev/session.",
        ));
    }
    let now = clock::now();
    let claims = Claims {
        group_ref: identity.group_ref,
        consumer_ref: identity.consumer_ref,
        iat: now,
        exp: now + TOKEN_LIFETIME,
    };
    Ok(Json(TokenAnswer {
        token: mint(keys.key(), &claims),
        expires_at: clock::rfc3339(claims.exp),
        expires_in: TOKEN_LIFETIME,
    }))
}
