//! Reading requests. axum's own extractors answer mistakes in plain text; these wrappers answer with
//! problem documents that say what is wrong and where.

use axum::extract::{Form, FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::header;
use axum::http::request::Parts;
use connect_core::problem::{Issue, IssueLocation};
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::problem::{ApiError, issue};
use axum::http::StatusCode;

/// The largest body accepted, in bytes.
pub const MAX_BODY: usize = 1024 * 1024;

/// How much of a body that is too large is still read (and thrown away) before answering 413.
/// Reading it lets the client finish sending and then read the answer, instead of seeing its
/// connection reset mid-upload.
const DRAIN_LIMIT: usize = 16 * MAX_BODY;

/// A JSON object body, checked for its content type, size and syntax.
#[derive(Debug, Clone)]
pub struct JsonBody(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        check_content_type(req.headers().get(header::CONTENT_TYPE))?;
        let bytes = read_limited(req).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::bad_request("The request body is empty; send a JSON object."));
        }
        object(&bytes).map(JsonBody)
    }
}

/// A JSON object body that may be left out: no body at all (with or without a content type) reads
/// as `{}`; a body that is there is checked like [`JsonBody`].
#[derive(Debug, Clone)]
pub struct OptionalJsonBody(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for OptionalJsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let content_type = req.headers().get(header::CONTENT_TYPE).cloned();
        let bytes = read_limited(req).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJsonBody(Map::new()));
        }
        check_content_type(content_type.as_ref())?;
        object(&bytes).map(OptionalJsonBody)
    }
}

fn object(bytes: &[u8]) -> Result<Map<String, Value>, ApiError> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| ApiError::bad_request(format!("The request body is not valid JSON: {e}.")))?;
    match value {
        Value::Object(map) => Ok(map),
        other => Err(ApiError::bad_request(format!(
            "The request body must be a JSON object, not {}.",
            json_kind(&other)
        ))),
    }
}

fn check_content_type(value: Option<&header::HeaderValue>) -> Result<(), ApiError> {
    let Some(value) = value else {
        return Err(unsupported("The request has no Content-Type"));
    };
    let essence = value
        .to_str()
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json")) {
        Ok(())
    } else {
        Err(unsupported(&format!("The request's Content-Type is {essence:?}")))
    }
}

fn unsupported(what: &str) -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type",
        format!("{what}; send the body as JSON with Content-Type: application/json."),
    )
}

async fn read_limited(req: Request) -> Result<Vec<u8>, ApiError> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > DRAIN_LIMIT) {
        return Err(too_large());
    }
    let mut body = req.into_body();
    let mut bytes = Vec::new();
    let mut total = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| ApiError::bad_request(format!("The request body could not be read: {e}.")))?;
        if let Ok(data) = frame.into_data() {
            total += data.len();
            if total <= MAX_BODY {
                bytes.extend_from_slice(&data);
            } else if total > DRAIN_LIMIT {
                break;
            }
        }
    }
    if total > MAX_BODY {
        return Err(too_large());
    }
    Ok(bytes)
}

fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "body-too-large",
        format!("The request body is larger than {} bytes (1 MB).", MAX_BODY),
    )
}

/// What kind of JSON value this is, for a sentence.
pub fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The keys of `required` that are absent, empty or not strings, as issues (400).
pub fn require_strings(body: &Map<String, Value>, required: &[(&str, &str)]) -> Vec<Issue> {
    required
        .iter()
        .filter_map(|(key, what)| match body.get(*key) {
            Some(Value::String(s)) if !s.trim().is_empty() => None,
            Some(Value::String(_)) => Some(issue(*key, format!("{key} is empty; it must name {what}."))),
            None | Some(Value::Null) => Some(issue(*key, format!("{key} is required: {what}."))),
            Some(other) => Some(issue(
                *key,
                format!("{key} must be a string naming {what}, not {}.", json_kind(other)),
            )),
        })
        .collect()
}

/// Reads a typed value out of a checked body. A value of the wrong shape is named by its path,
/// and the answer never repeats the value itself (it may be a secret).
pub fn decode<T: DeserializeOwned>(body: Map<String, Value>) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(Value::Object(body)).map_err(|error| {
        let path = error.path().to_string();
        let message = error.inner().to_string();
        let (name, detail) = describe_shape_error(&path, &message);
        ApiError::bad_request(format!("The request body does not have the expected shape: {detail}"))
            .with_issues(vec![issue(name, detail)])
    })
}

/// `(issue name, sentence)` for a serde error at `path`.
fn describe_shape_error(path: &str, message: &str) -> (String, String) {
    let base = if path == "." { "" } else { path };
    let join = |field: &str| {
        if base.is_empty() {
            field.to_owned()
        } else {
            format!("{base}.{field}")
        }
    };
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.trim_end_matches('`');
        let name = join(field);
        return (name.clone(), format!("{name} is required."));
    }
    let name = if base.is_empty() {
        "body".to_owned()
    } else {
        base.to_owned()
    };
    if let Some((_, expected)) = message.rsplit_once("expected ") {
        let expected = match expected.trim() {
            e if e.starts_with("struct ") || e.contains("map") => "an object",
            e if e.contains("sequence") => "an array",
            e if e.contains("string") => "a string",
            e if e.contains("bool") => "a boolean",
            e => e,
        };
        return (name.clone(), format!("{name} has the wrong type: expected {expected}."));
    }
    (name.clone(), format!("{name} could not be read."))
}

/// Path parameters, with a problem document for ones that cannot be read.
#[derive(Debug, Clone)]
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(ApiPath(value)),
            Err(rejection) => Err(ApiError::bad_request(format!(
                "The request path could not be read: {}",
                sentence(&rejection.body_text())
            ))
            .with_issues(vec![Issue {
                location: Some(IssueLocation::Path),
                detail: Some(sentence(&rejection.body_text())),
                ..Issue::default()
            }])),
        }
    }
}

/// axum's rejection text as a sentence.
fn sentence(text: &str) -> String {
    format!("{}.", text.trim().trim_end_matches('.'))
}

/// Query parameters, with a problem document for ones that cannot be read.
#[derive(Debug, Clone)]
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => Err(ApiError::bad_request(format!(
                "The query string could not be read: {}",
                sentence(&rejection.body_text())
            ))
            .with_issues(vec![Issue {
                location: Some(IssueLocation::Query),
                detail: Some(sentence(&rejection.body_text())),
                ..Issue::default()
            }])),
        }
    }
}

/// An HTML form post (the dev consent pages), with a problem document for one that cannot be read.
#[derive(Debug, Clone)]
pub struct ApiForm<T>(pub T);

impl<T, S> FromRequest<S> for ApiForm<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Form::<T>::from_request(req, state).await {
            Ok(Form(value)) => Ok(ApiForm(value)),
            Err(rejection) => Err(ApiError::new(
                rejection.status(),
                "invalid-request",
                format!("The form could not be read: {}", sentence(&rejection.body_text())),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_errors_name_the_path_and_never_the_value() {
        let (name, detail) = describe_shape_error(
            "basicAuth",
            "invalid type: string \"hunter2\", expected struct BasicAuth",
        );
        assert_eq!(name, "basicAuth");
        assert_eq!(detail, "basicAuth has the wrong type: expected an object.");
        let (name, detail) = describe_shape_error("basicAuth", "missing field `password`");
        assert_eq!(name, "basicAuth.password");
        assert_eq!(detail, "basicAuth.password is required.");
        let (name, _) = describe_shape_error(".", "missing field `updateMask`");
        assert_eq!(name, "updateMask");
    }
}
