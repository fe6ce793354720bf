//! `POST /dev/session`: a stand-in for the embedding product's login, so `POST /dev/token` can show
//! the safe pattern: a token endpoint mints for the user its own session says is signed in, never
//! for the `groupRef` and `consumerRef` a browser names (anyone can edit those in the form's
//! address).
//!
//! The session is a cookie, `dev_session`, holding the identity and an expiry as base64url JSON
//! plus an HMAC-SHA256 of them with the token key, so the browser can carry it but not change it.
//! `HttpOnly` keeps page scripts from reading it, `SameSite=Lax` keeps other sites' subrequests
//! from sending it, `Path=/dev` keeps it off the API's own requests.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::Mac;
use serde::{Deserialize, Serialize};

use crate::auth::{AuthKeys, Identity, sign};
use crate::clock;
use crate::extract::{JsonBody, require_strings};
use crate::problem::ApiError;

/// The cookie's name.
pub const COOKIE: &str = "dev_session";

/// How long a session lasts, in seconds.
pub const SESSION_LIFETIME: i64 = 3600;

/// Put before the cookie's payload when signing it, so a session signature can never pass for a
/// token's (whose signing input starts with the base64 of `{"`) or the other way round.
const SIGNING_CONTEXT: &str = "dev_session:";

/// What a session cookie says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Payload {
    #[serde(flatten)]
    identity: Identity,
    exp: i64,
}

/// Why a `dev_session` cookie was not believed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    /// Not base64url JSON plus a signature.
    #[error("it is not a dev-api session")]
    Malformed,
    /// The signature does not match: changed, or signed with another key.
    #[error(
        "its signature does not match: it was changed, or signed by another dev-api (cookies are shared by every \
         port of a host) or an earlier run"
    )]
    BadSignature,
    /// Past its expiry.
    #[error("it has expired")]
    Expired,
}

fn mac(key: &[u8], payload: &str) -> hmac::Hmac<sha2::Sha256> {
    sign(key, &format!("{SIGNING_CONTEXT}{payload}"))
}

/// The cookie value for `identity`, valid until `exp` (seconds since the epoch).
pub fn seal(key: &[u8], identity: &Identity, exp: i64) -> String {
    let payload = Payload {
        identity: identity.clone(),
        exp,
    };
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&payload).unwrap_or_default());
    let signature = URL_SAFE_NO_PAD.encode(mac(key, &payload).finalize().into_bytes());
    format!("{payload}.{signature}")
}

/// The identity of a cookie value signed with `key` that has not expired at `now`.
pub fn open(key: &[u8], value: &str, now: i64) -> Result<Identity, SessionError> {
    let (payload, signature) = value.split_once('.').ok_or(SessionError::Malformed)?;
    let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| SessionError::Malformed)?;
    // `verify_slice` compares in constant time; the payload is read only once it is known to be ours.
    mac(key, payload)
        .verify_slice(&signature)
        .map_err(|_| SessionError::BadSignature)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload).map_err(|_| SessionError::Malformed)?;
    let payload: Payload = serde_json::from_slice(&bytes).map_err(|_| SessionError::Malformed)?;
    if payload.exp <= now {
        return Err(SessionError::Expired);
    }
    Ok(payload.identity)
}

/// The session a request carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// No `dev_session` cookie.
    None,
    /// A valid one.
    Valid(Identity),
    /// Only cookies that are not believed, and why (of the first).
    Invalid(SessionError),
}

/// Reads the `dev_session` cookies of a request. A browser may send several (another dev-api on
/// the same host sets the same name): the first valid one counts.
pub fn find(key: &[u8], headers: &HeaderMap, now: i64) -> Found {
    let mut found = Found::None;
    let pairs = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(|h| h.split(';'))
        .filter_map(|pair| pair.trim().split_once('='));
    for (name, value) in pairs {
        if name.trim() != COOKIE {
            continue;
        }
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        match open(key, value, now) {
            Ok(identity) => return Found::Valid(identity),
            Err(error) if found == Found::None => found = Found::Invalid(error),
            Err(_) => {}
        }
    }
    found
}

fn cookie(value: &str, max_age: i64) -> HeaderValue {
    // The value is base64url and `.`, so it needs no quoting.
    HeaderValue::from_str(&format!(
        "{COOKIE}={value}; Max-Age={max_age}; Path=/dev; HttpOnly; SameSite=Lax"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("dev_session=; Max-Age=0; Path=/dev"))
}

/// 403 when dev-api mints for one fixed identity (`--token-group`, `--token-consumer`) and this
/// is another.
pub fn check_fixed(keys: &AuthKeys, identity: &Identity) -> Result<(), ApiError> {
    match keys.identity() {
        Some(fixed) if fixed != identity => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            format!(
                "This dev-api signs in and mints tokens only for {} (--token-group, --token-consumer), not for {}.",
                fixed.describe(),
                identity.describe()
            ),
        )
        .with_remedy("Use that identity, or restart dev-api without --token-group and --token-consumer.")),
        _ => Ok(()),
    }
}

/// `POST /dev/session` with `{groupRef, consumerRef}` → 204 and a `dev_session` cookie for them, as
/// the product's login would. The JSON body makes browsers ask first (CORS preflight), so a page
/// of another origin cannot sign a developer in as someone else.
pub async fn create(State(keys): State<Arc<AuthKeys>>, JsonBody(body): JsonBody) -> Result<Response, ApiError> {
    let issues = require_strings(
        &body,
        &[
            ("groupRef", "the group of the user signing in"),
            ("consumerRef", "the user signing in"),
        ],
    );
    if !issues.is_empty() {
        return Err(ApiError::invalid(
            StatusCode::BAD_REQUEST,
            "Signing in needs groupRef and consumerRef.",
            issues,
        ));
    }
    let field = |key: &str| body[key].as_str().unwrap_or_default().trim().to_owned();
    let identity = Identity {
        group_ref: field("groupRef"),
        consumer_ref: field("consumerRef"),
    };
    check_fixed(&keys, &identity)?;
    let value = seal(keys.key(), &identity, clock::now() + SESSION_LIFETIME);
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, cookie(&value, SESSION_LIFETIME));
    Ok(response)
}

/// `DELETE /dev/session` → 204, and the cookie is cleared (signing out).
pub async fn delete() -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie("", 0));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jane() -> Identity {
        Identity {
            group_ref: "acme".into(),
            consumer_ref: "jane".into(),
        }
    }

    #[test]
    fn round_trip_and_refusals() {
        let value = seal(b"key", &jane(), 1_000);
        assert_eq!(open(b"key", &value, 999), Ok(jane()));
        assert_eq!(open(b"key", &value, 1_000), Err(SessionError::Expired));
        assert_eq!(open(b"other", &value, 0), Err(SessionError::BadSignature));
        assert_eq!(open(b"key", "nodot", 0), Err(SessionError::Malformed));
        assert_eq!(open(b"key", "a.!!", 0), Err(SessionError::Malformed));
        // Another identity under the old signature.
        let (_, signature) = value.split_once('.').unwrap();
        let forged = Payload {
            identity: Identity {
                consumer_ref: "john".into(),
                ..jane()
            },
            exp: 1_000,
        };
        let forged = format!(
            "{}.{signature}",
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged).unwrap())
        );
        assert_eq!(open(b"key", &forged, 0), Err(SessionError::BadSignature));
    }

    #[test]
    fn a_token_signature_is_not_a_session_signature() {
        // The same key signs tokens: a JWT's parts must not make a session.
        let token = crate::auth::mint(
            b"key",
            &crate::auth::Claims {
                group_ref: "acme".into(),
                consumer_ref: "jane".into(),
                iat: 0,
                exp: 1_000,
            },
        );
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(
            open(b"key", &format!("{}.{}", parts[1], parts[2]), 0),
            Err(SessionError::BadSignature)
        );
    }

    #[test]
    fn cookies_are_found_among_others() {
        let now = 0;
        let good = seal(b"key", &jane(), 1_000);
        let bad = seal(b"other", &jane(), 1_000);
        let headers = |values: &[&str]| {
            let mut map = HeaderMap::new();
            for value in values {
                map.append(header::COOKIE, HeaderValue::from_str(value).unwrap());
            }
            map
        };
        assert_eq!(find(b"key", &headers(&[]), now), Found::None);
        assert_eq!(find(b"key", &headers(&["theme=dark; other=1"]), now), Found::None);
        assert_eq!(
            find(b"key", &headers(&[&format!("theme=dark; dev_session={good}")]), now),
            Found::Valid(jane())
        );
        assert_eq!(
            find(
                b"key",
                &headers(&[&format!("dev_session={bad}"), &format!("dev_session=\"{good}\"")]),
                now
            ),
            Found::Valid(jane())
        );
        assert_eq!(
            find(b"key", &headers(&[&format!("dev_session={bad}")]), now),
            Found::Invalid(SessionError::BadSignature)
        );
    }
}
