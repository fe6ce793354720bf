//! Bearer tokens, like the hosted API's: a JWT scoped to one `groupRef` + `consumerRef`, living
//! 600 s, and the middleware that demands them (off unless `--require-auth`). `POST /dev/token`
//! (`token_endpoint.rs`) mints them; the same key signs the session cookies (`session.rs`). HS256
//! is a few lines over `hmac` and `sha2`, so no JWT library.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::problem::ApiError;
use crate::{clock, random};

/// How long a token lives, in seconds.
pub const TOKEN_LIFETIME: i64 = 600;

/// Whom a token is for: an end user of the embedding product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    /// The end user's group (their company, team, workspace).
    pub group_ref: String,
    /// The end user.
    pub consumer_ref: String,
}

impl Identity {
    /// For sentences: `groupRef "g" and consumerRef "c"`.
    pub fn describe(&self) -> String {
        format!("groupRef {:?} and consumerRef {:?}", self.group_ref, self.consumer_ref)
    }
}

/// Whether tokens are demanded, the key that signs them (and session cookies), and the one
/// identity they are minted for when fixed at start-up.
pub struct AuthKeys {
    /// Demand a token on the connection endpoints.
    pub required: bool,
    key: Vec<u8>,
    identity: Option<Identity>,
}

impl AuthKeys {
    /// The given secret, or 32 random bytes that live as long as the process.
    pub fn new(required: bool, secret: Option<&str>) -> Self {
        let key = match secret {
            Some(secret) => secret.as_bytes().to_vec(),
            None => random::hex(32).into_bytes(),
        };
        AuthKeys {
            required,
            key,
            identity: None,
        }
    }

    /// Mints only for `identity` (`--token-group`, `--token-consumer`), with or without a session.
    pub fn with_identity(mut self, identity: Option<Identity>) -> Self {
        self.identity = identity;
        self
    }

    /// The HMAC key.
    pub fn key(&self) -> &[u8] {
        &self.key
    }

    /// The identity fixed at start-up, if any.
    pub fn identity(&self) -> Option<&Identity> {
        self.identity.as_ref()
    }
}

/// What a token says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Claims {
    /// The group it is for.
    pub group_ref: String,
    /// The consumer it is for.
    pub consumer_ref: String,
    /// Issued at (seconds since the epoch).
    pub iat: i64,
    /// Expires at (seconds since the epoch).
    pub exp: i64,
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not three base64url parts of JSON.
    #[error("The bearer token is not a JWT (three base64url parts of JSON).")]
    Malformed,
    /// Not HS256.
    #[error("The bearer token is not signed with HS256.")]
    WrongAlgorithm,
    /// The signature does not match.
    #[error("The bearer token's signature does not match; it was not minted by this server.")]
    BadSignature,
    /// Past `exp`.
    #[error("The bearer token has expired; get a new one from POST /dev/token.")]
    Expired,
}

/// An HMAC-SHA256 of `message` under `key`, to finish or to verify (in constant time).
pub fn sign(key: &[u8], message: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message.as_bytes());
    mac
}

/// A signed token for `claims`.
pub fn mint(key: &[u8], claims: &Claims) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).unwrap_or_default());
    let signing_input = format!("{header}.{payload}");
    let signature = URL_SAFE_NO_PAD.encode(sign(key, &signing_input).finalize().into_bytes());
    format!("{signing_input}.{signature}")
}

/// The claims of a token signed with `key` that has not expired at `now`.
pub fn verify(key: &[u8], token: &str, now: i64) -> Result<Claims, TokenError> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::Malformed);
    };
    let decode = |part: &str| URL_SAFE_NO_PAD.decode(part).map_err(|_| TokenError::Malformed);
    let header: serde_json::Value = serde_json::from_slice(&decode(header)?).map_err(|_| TokenError::Malformed)?;
    if header.get("alg").and_then(|a| a.as_str()) != Some("HS256") {
        return Err(TokenError::WrongAlgorithm);
    }
    let signing_input = &token[..token.len() - signature.len() - 1];
    // `verify_slice` compares in constant time.
    sign(key, signing_input)
        .verify_slice(&decode(signature)?)
        .map_err(|_| TokenError::BadSignature)?;
    let claims: Claims = serde_json::from_slice(&decode(payload)?).map_err(|_| TokenError::Malformed)?;
    if claims.exp <= now {
        return Err(TokenError::Expired);
    }
    Ok(claims)
}

/// Who is calling: the token's claims, or `None` when tokens are not required.
#[derive(Debug, Clone, Default)]
pub struct Caller(pub Option<Claims>);

impl Caller {
    /// 403 unless the token (if any) is for this group and consumer.
    pub fn allow(&self, group_ref: &str, consumer_ref: &str) -> Result<(), ApiError> {
        self.allow_filter(Some(group_ref), Some(consumer_ref))
    }

    /// 403 unless the given refs (either may be absent) match the token's.
    pub fn allow_filter(&self, group_ref: Option<&str>, consumer_ref: Option<&str>) -> Result<(), ApiError> {
        let Some(claims) = &self.0 else { return Ok(()) };
        let group_ok = group_ref.is_none_or(|g| g == claims.group_ref);
        let consumer_ok = consumer_ref.is_none_or(|c| c == claims.consumer_ref);
        if group_ok && consumer_ok {
            return Ok(());
        }
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            format!(
                "The bearer token is for groupRef {:?} and consumerRef {:?}; this request concerns groupRef {:?} \
                 and consumerRef {:?}.",
                claims.group_ref,
                claims.consumer_ref,
                group_ref.unwrap_or(&claims.group_ref),
                consumer_ref.unwrap_or(&claims.consumer_ref)
            ),
        )
        .with_remedy("Use a token minted for the same groupRef and consumerRef as the request."))
    }
}

/// The middleware of the endpoints that need a token (when `--require-auth`): puts the [`Caller`]
/// into the request, or answers 401.
pub async fn require(State(keys): State<Arc<AuthKeys>>, mut request: Request, next: Next) -> Response {
    if !keys.required {
        request.extensions_mut().insert(Caller(None));
        return next.run(request).await;
    }
    let header_value = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok());
    let token = header_value.and_then(|h| {
        let (scheme, token) = h.trim().split_once(' ')?;
        scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
    });
    let Some(token) = token else {
        let detail = if header_value.is_some() {
            "The Authorization header is not \"Bearer <token>\"."
        } else {
            "This endpoint needs Authorization: Bearer <token>."
        };
        return ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", detail)
            .with_remedy("Get a token for the groupRef and consumerRef from POST /dev/token.")
            .with_challenge("Bearer realm=\"dev-api\"")
            .into_response();
    };
    match verify(&keys.key, token, clock::now()) {
        Ok(claims) => {
            request.extensions_mut().insert(Caller(Some(claims)));
            next.run(request).await
        }
        Err(error) => ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", error.to_string())
            .with_remedy("Get a new token from POST /dev/token.")
            .with_challenge("Bearer realm=\"dev-api\", error=\"invalid_token\"")
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: i64) -> Claims {
        Claims {
            group_ref: "g".into(),
            consumer_ref: "c".into(),
            iat: 0,
            exp,
        }
    }

    #[test]
    fn round_trip_and_refusals() {
        let token = mint(b"key", &claims(1_000));
        assert_eq!(verify(b"key", &token, 999), Ok(claims(1_000)));
        assert_eq!(verify(b"key", &token, 1_000), Err(TokenError::Expired));
        assert_eq!(verify(b"other", &token, 0), Err(TokenError::BadSignature));
        assert_eq!(verify(b"key", "a.b", 0), Err(TokenError::Malformed));
        assert_eq!(verify(b"key", "a.b.c.d", 0), Err(TokenError::Malformed));
        let none = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(br#"{"alg":"none"}"#),
            token.split('.').nth(1).unwrap()
        );
        assert_eq!(verify(b"key", &none, 0), Err(TokenError::WrongAlgorithm));
        // A payload changed after signing.
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        parts[1] = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims(9_999)).unwrap());
        assert_eq!(verify(b"key", &parts.join("."), 0), Err(TokenError::BadSignature));
    }

    #[test]
    fn a_known_vector() {
        // The expected token was computed with Python's hmac, hashlib and base64 modules for this
        // key and these claims, so the signing is checked against an independent implementation.
        let token = mint(b"secret", &claims(1));
        assert_eq!(
            token,
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJncm91cFJlZiI6ImciLCJjb25zdW1lclJlZiI6ImMiLCJpYXQiOjAsImV4cCI6MX0\
             .qGCqoykZgMPRLgaAOFsf_gDwLYOCBHHvQiOKtfKv0Qc"
        );
    }
}
