//! Every error answer: `application/problem+json` shaped like the schema's `ApiProblem` and
//! `InputValidationProblem`, with a sentence a developer can act on.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use connect_core::problem::{Issue, IssueLocation, Problem};
use serde::Serialize;

use crate::{clock, random};

/// The media type of problem documents.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Where the `type` URIs of this server's problems point. `.invalid` never resolves: the URI names
/// the kind of problem, it is not a page to visit.
const TYPE_BASE: &str = "https://dev-api.invalid/problems/";

/// An error answer, ready to be sent. Boxed: it travels in every handler's `Result`, and most of
/// those are `Ok`.
#[derive(Debug, Clone)]
pub struct ApiError(Box<Inner>);

#[derive(Debug, Clone)]
struct Inner {
    status: StatusCode,
    kind: &'static str,
    detail: String,
    issues: Vec<Issue>,
    remedy: Option<String>,
    retryable: Option<bool>,
    retry_after: Option<u64>,
    context: Option<serde_json::Map<String, serde_json::Value>>,
    challenge: Option<&'static str>,
}

/// The document as sent: the shared problem fields plus `context`, which the API's `ApiProblem`
/// has and the form's reader does not need.
#[derive(Serialize)]
struct Document {
    #[serde(flatten)]
    problem: Problem,
    #[serde(skip_serializing_if = "Option::is_none")]
    context: Option<serde_json::Map<String, serde_json::Value>>,
}

impl ApiError {
    /// A problem of kind `kind` (the last segment of its `type` URI).
    pub fn new(status: StatusCode, kind: &'static str, detail: impl Into<String>) -> Self {
        ApiError(Box::new(Inner {
            status,
            kind,
            detail: detail.into(),
            issues: Vec::new(),
            remedy: None,
            retryable: None,
            retry_after: None,
            context: None,
            challenge: None,
        }))
    }

    /// 400 for a request that cannot be read or lacks something.
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid-request", detail)
    }

    /// 400 or 422 naming the refused values.
    pub fn invalid(status: StatusCode, detail: impl Into<String>, issues: Vec<Issue>) -> Self {
        Self::new(status, "invalid-input", detail).with_issues(issues)
    }

    /// 404.
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", detail)
    }

    /// Adds issues, one per refused value.
    pub fn with_issues(mut self, issues: Vec<Issue>) -> Self {
        self.0.issues.extend(issues);
        self
    }

    /// Says what to do about it.
    pub fn with_remedy(mut self, remedy: impl Into<String>) -> Self {
        self.0.remedy = Some(remedy.into());
        self
    }

    /// Adds a machine-readable fact to `context`.
    pub fn with_context(mut self, key: &str, value: impl Into<serde_json::Value>) -> Self {
        self.0
            .context
            .get_or_insert_with(Default::default)
            .insert(key.to_owned(), value.into());
        self
    }

    /// Marks the problem as worth retrying, after `after` seconds when given (`retryAfter` and the
    /// `Retry-After` header).
    pub fn retryable(mut self, after: Option<u64>) -> Self {
        self.0.retryable = Some(true);
        self.0.retry_after = after;
        self
    }

    /// Adds `WWW-Authenticate` (401 answers).
    pub fn with_challenge(mut self, challenge: &'static str) -> Self {
        self.0.challenge = Some(challenge);
        self
    }

    fn document(&self) -> Document {
        Document {
            problem: Problem {
                kind: Some(format!("{TYPE_BASE}{}", self.0.kind)),
                title: Some(self.0.status.canonical_reason().unwrap_or("Error").to_owned()),
                status: Some(self.0.status.as_u16()),
                detail: Some(self.0.detail.clone()),
                instance: None,
                causes: Vec::new(),
                remedy: self.0.remedy.clone(),
                retryable: self.0.retryable,
                retry_after: self.0.retry_after.map(|s| clock::rfc3339(clock::now() + s as i64)),
                request_id: Some(random::request_id()),
                issues: self.0.issues.clone(),
            },
            context: self.0.context.clone(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self.document()).unwrap_or_default();
        let mut response = (self.0.status, [(header::CONTENT_TYPE, PROBLEM_JSON)], body).into_response();
        let headers = response.headers_mut();
        if let Some(seconds) = self.0.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if let Some(challenge) = self.0.challenge {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(challenge));
        }
        response
    }
}

/// An issue with one value of the body.
pub fn issue(name: impl Into<String>, detail: impl Into<String>) -> Issue {
    Issue {
        location: Some(IssueLocation::Body),
        name: Some(name.into()),
        detail: Some(detail.into()),
        title: None,
    }
}

/// An issue with a query parameter.
pub fn query_issue(name: impl Into<String>, detail: impl Into<String>) -> Issue {
    Issue {
        location: Some(IssueLocation::Query),
        ..issue(name, detail)
    }
}

/// A summary of refused values for `detail`: "2 values were refused: apiKey, providerMetadata.workspace."
pub fn summary(issues: &[Issue]) -> String {
    let names: Vec<&str> = issues.iter().filter_map(|i| i.name.as_deref()).collect();
    match names.len() {
        0 => "The request was refused.".to_owned(),
        1 => format!("1 value was refused: {}.", names[0]),
        n => format!("{n} values were refused: {}.", names.join(", ")),
    }
}

/// 400 for required keys that are missing.
pub fn missing(issues: Vec<Issue>) -> ApiError {
    let names: Vec<&str> = issues.iter().filter_map(|i| i.name.as_deref()).collect();
    let detail = format!(
        "Required values are missing, empty or not strings: {}.",
        names.join(", ")
    );
    ApiError::invalid(StatusCode::BAD_REQUEST, detail, issues)
}

/// 422 for values the form's checks refuse.
pub fn refused(issues: Vec<Issue>) -> ApiError {
    ApiError::invalid(StatusCode::UNPROCESSABLE_ENTITY, summary(&issues), issues)
}
