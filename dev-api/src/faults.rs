//! Fault injection, so tests can see how the form copes with a slow, failing or misbehaving API.
//!
//! Never on by default: a request opts in with `X-Dev-Fault: item;item`, or a test arms faults for
//! upcoming requests with `POST /dev/faults` (a browser cannot add headers to a popup, and a custom
//! header costs a CORS preflight). Items: `delay=MS`, `status=CODE`, `retry-after=S` (with 429/503),
//! `html502`, `malformed`, `drop`, `reject=PATH`, `coop`.

use std::str::FromStr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::extract::{JsonBody, json_kind};
use crate::problem::{ApiError, issue};

/// The request header that carries faults.
pub const HEADER: &str = "x-dev-fault";

/// The longest `delay`, in milliseconds.
pub const MAX_DELAY_MS: u64 = 30_000;

/// The longest `retry-after`, in seconds.
pub const MAX_RETRY_AFTER: u64 = 3_600;

/// How a faulted request is answered instead of being handled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A problem+json with this status.
    Status(StatusCode),
    /// A 502 with an HTML page, like a proxy in front of the API.
    Html502,
    /// A success status with a JSON content type and a cut-off body.
    Malformed,
    /// No answer: the connection is closed.
    Drop,
    /// 422 with one issue on this body path, as if the provider refused the value.
    Reject(String),
}

/// The faults of one request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Faults {
    /// Wait this long first.
    pub delay: Option<Duration>,
    /// Answer this way instead of handling the request.
    pub answer: Option<Answer>,
    /// Seconds for `Retry-After` (429 and 503 only).
    pub retry_after: Option<u64>,
    /// Serve the OAuth consent and result pages with `Cross-Origin-Opener-Policy: same-origin`
    /// and post nothing to the opener, like a provider whose COOP cuts the popup off.
    pub coop: bool,
}

/// Why a fault list was refused: the item and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("The fault {item:?} cannot be used: {reason}")]
pub struct FaultError {
    /// The item as given.
    pub item: String,
    /// What is wrong, as a sentence.
    pub reason: String,
}

impl FromStr for Faults {
    type Err = FaultError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut faults = Faults::default();
        let mut seen: Vec<String> = Vec::new();
        for item in text.split(';').map(str::trim).filter(|i| !i.is_empty()) {
            let fail = |reason: String| FaultError {
                item: item.to_owned(),
                reason,
            };
            let (name, value) = match item.split_once('=') {
                Some((name, value)) => (name.trim().to_ascii_lowercase(), Some(value.trim())),
                None => (item.to_ascii_lowercase(), None),
            };
            if seen.contains(&name) {
                return Err(fail("it is given twice.".to_owned()));
            }
            seen.push(name.clone());
            let no_value = |fault: Answer| match value {
                None => Ok(fault),
                Some(_) => Err(fail(format!("{name} takes no value."))),
            };
            let answer = match name.as_str() {
                "delay" => {
                    let ms = number(value).filter(|ms| *ms <= MAX_DELAY_MS).ok_or_else(|| {
                        fail(format!(
                            "delay takes milliseconds from 0 to {MAX_DELAY_MS}, e.g. delay=1500."
                        ))
                    })?;
                    faults.delay = Some(Duration::from_millis(ms));
                    None
                }
                "status" => {
                    let code = number(value)
                        .filter(|c| (400..=599).contains(c))
                        .and_then(|c| StatusCode::from_u16(c as u16).ok())
                        .ok_or_else(|| {
                            fail("status takes an error status from 400 to 599, e.g. status=503.".to_owned())
                        })?;
                    Some(Answer::Status(code))
                }
                "retry-after" => {
                    let seconds = number(value).filter(|s| *s <= MAX_RETRY_AFTER).ok_or_else(|| {
                        fail(format!(
                            "retry-after takes seconds from 0 to {MAX_RETRY_AFTER}, e.g. retry-after=2."
                        ))
                    })?;
                    faults.retry_after = Some(seconds);
                    None
                }
                "html502" => Some(no_value(Answer::Html502)?),
                "malformed" => Some(no_value(Answer::Malformed)?),
                "drop" => Some(no_value(Answer::Drop)?),
                "coop" => {
                    no_value(Answer::Drop)?;
                    faults.coop = true;
                    None
                }
                "reject" => match value.filter(|v| !v.is_empty()) {
                    Some(path) => Some(Answer::Reject(path.to_owned())),
                    None => {
                        return Err(fail(
                            "reject takes a body path, e.g. reject=basicAuth.password.".to_owned(),
                        ));
                    }
                },
                _ => {
                    return Err(fail(
                        "it is not a known fault; use delay=MS, status=CODE, retry-after=S, html502, malformed, \
                         drop, reject=PATH or coop."
                            .to_owned(),
                    ));
                }
            };
            if let Some(answer) = answer {
                if faults.answer.is_some() {
                    return Err(fail(
                        "only one of status, html502, malformed, drop and reject can be used at a time.".to_owned(),
                    ));
                }
                faults.answer = Some(answer);
            }
        }
        if faults.retry_after.is_some()
            && !matches!(faults.answer, Some(Answer::Status(code)) if code == StatusCode::TOO_MANY_REQUESTS || code == StatusCode::SERVICE_UNAVAILABLE)
        {
            return Err(FaultError {
                item: format!("retry-after={}", faults.retry_after.unwrap_or_default()),
                reason: "retry-after goes with status=429 or status=503.".to_owned(),
            });
        }
        Ok(faults)
    }
}

fn number(value: Option<&str>) -> Option<u64> {
    value
        .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|v| v.parse().ok())
}

/// A fault list armed for upcoming requests.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArmedFault {
    /// The fault list, as given.
    pub fault: String,
    /// A part of the request path that selects the requests (empty: any faultable request).
    pub path: String,
    /// How many more requests it applies to.
    pub times: u32,
    #[serde(skip)]
    faults: Faults,
}

/// The armed fault lists, first armed first used.
#[derive(Debug, Default)]
pub struct Armed {
    items: Vec<ArmedFault>,
}

impl Armed {
    /// Takes one use of the first armed fault list whose path is part of `path`.
    pub fn take(&mut self, path: &str) -> Option<Faults> {
        let index = self.items.iter().position(|a| path.contains(&a.path))?;
        let item = &mut self.items[index];
        item.times -= 1;
        let faults = item.faults.clone();
        if item.times == 0 {
            self.items.remove(index);
        }
        Some(faults)
    }

    /// Removes the armed faults whose path contains `within` (every one when it is empty), so
    /// tests running side by side can each clear their own.
    pub fn clear(&mut self, within: &str) {
        self.items.retain(|a| !a.path.contains(within));
    }
}

/// The middleware that applies faults before a request is handled. Preflight requests pass
/// untouched, so a fault armed for a path is spent on the real request.
pub async fn inject(State(armed): State<Arc<Mutex<Armed>>>, mut request: Request, next: Next) -> Response {
    if request.method() == Method::OPTIONS {
        return next.run(request).await;
    }
    let faults = match request.headers().get(HEADER) {
        Some(value) => match value.to_str().map_err(|_| FaultError {
            item: String::from_utf8_lossy(value.as_bytes()).into_owned(),
            reason: "the header is not plain ASCII text.".to_owned(),
        }) {
            Ok(text) => match text.parse::<Faults>() {
                Ok(faults) => Some(faults),
                Err(error) => return bad_fault(&error).into_response(),
            },
            Err(error) => return bad_fault(&error).into_response(),
        },
        None => armed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take(request.uri().path()),
    };
    let Some(faults) = faults else {
        return next.run(request).await;
    };
    if let Some(delay) = faults.delay {
        tokio::time::sleep(delay).await;
    }
    match &faults.answer {
        Some(answer) => answer_with(answer, &faults, &request),
        None => {
            request.extensions_mut().insert(faults);
            next.run(request).await
        }
    }
}

fn bad_fault(error: &FaultError) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "bad-fault",
        format!("{error} Nothing was handled."),
    )
    .with_issues(vec![connect_core::problem::Issue {
        location: Some(connect_core::problem::IssueLocation::Header),
        name: Some("X-Dev-Fault".to_owned()),
        detail: Some(error.reason.clone()),
        title: None,
    }])
}

/// Marks a response whose connection the server must close without sending it.
#[derive(Debug, Clone, Copy)]
pub struct DropConnection;

const PROXY_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>502 Bad Gateway</title></head>\n\
<body><h1>502 Bad Gateway</h1><p>The proxy could not reach the upstream server (simulated by dev-api).</p></body></html>\n";

fn answer_with(answer: &Answer, faults: &Faults, request: &Request) -> Response {
    match answer {
        Answer::Status(code) => {
            let reason = code.canonical_reason().unwrap_or("Error");
            let mut error = ApiError::new(
                *code,
                "simulated",
                format!(
                    "A simulated {} {reason} (X-Dev-Fault); the request was not handled.",
                    code.as_u16()
                ),
            );
            if matches!(code.as_u16(), 429 | 502 | 503 | 504) {
                error = error.retryable(faults.retry_after);
            }
            error.into_response()
        }
        Answer::Html502 => (
            StatusCode::BAD_GATEWAY,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            PROXY_PAGE,
        )
            .into_response(),
        Answer::Malformed => {
            let created = request.method() == Method::POST && request.uri().path().ends_with(":generate");
            let status = if created { StatusCode::CREATED } else { StatusCode::OK };
            let body = "{\"id\": \"conn_00000000000000000000\", \"projectId\": \"";
            (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
        }
        Answer::Drop => {
            let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
            response.extensions_mut().insert(DropConnection);
            response
        }
        Answer::Reject(path) => ApiError::invalid(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("The provider rejected {path} (simulated); nothing was stored."),
            vec![issue(path.clone(), "The provider rejected this value (simulated).")],
        )
        .into_response(),
    }
}

/// `POST /dev/faults`: `{"fault": "status=500", "path": "connections:generate", "times": 1}`.
pub async fn arm(State(armed): State<Arc<Mutex<Armed>>>, JsonBody(body): JsonBody) -> Result<Response, ApiError> {
    let text = |key: &str| -> Result<Option<String>, ApiError> {
        match body.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(
                ApiError::bad_request(format!("{key} must be a string, not {}.", json_kind(other)))
                    .with_issues(vec![issue(key, format!("{key} must be a string."))]),
            ),
        }
    };
    let fault = text("fault")?.filter(|f| !f.trim().is_empty()).ok_or_else(|| {
        ApiError::bad_request("fault is required, e.g. \"status=500\".")
            .with_issues(vec![issue("fault", "fault is required.")])
    })?;
    let path = text("path")?.unwrap_or_default();
    let times = match body.get("times") {
        None | Some(Value::Null) => 1,
        Some(value) => value.as_u64().filter(|n| (1..=1000).contains(n)).ok_or_else(|| {
            ApiError::bad_request("times must be a whole number from 1 to 1000.")
                .with_issues(vec![issue("times", "times must be a whole number from 1 to 1000.")])
        })? as u32,
    };
    let faults: Faults = fault.parse().map_err(|e: FaultError| {
        ApiError::bad_request(format!("{e} Nothing was armed.")).with_issues(vec![issue("fault", e.reason)])
    })?;
    let item = ArmedFault {
        fault,
        path,
        times,
        faults,
    };
    let answer = Json(item.clone());
    armed.lock().unwrap_or_else(PoisonError::into_inner).items.push(item);
    Ok((StatusCode::CREATED, answer).into_response())
}

/// `GET /dev/faults`: `{"armed": [{fault, path, times}]}`.
pub async fn list(State(armed): State<Arc<Mutex<Armed>>>) -> Json<Value> {
    let armed = armed.lock().unwrap_or_else(PoisonError::into_inner);
    Json(serde_json::json!({ "armed": armed.items }))
}

/// The query of `DELETE /dev/faults`.
#[derive(Debug, Default, Deserialize)]
pub struct ClearQuery {
    /// Forget only the faults whose path contains this.
    #[serde(default)]
    path: String,
}

/// `DELETE /dev/faults[?path=...]`: forgets the armed faults (those whose path contains `path`).
pub async fn clear(State(armed): State<Arc<Mutex<Armed>>>, query: axum::extract::Query<ClearQuery>) -> StatusCode {
    armed.lock().unwrap_or_else(PoisonError::into_inner).clear(&query.path);
    StatusCode::NO_CONTENT
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Faults, FaultError> {
        text.parse()
    }

    #[test]
    fn items() {
        let faults = parse(" delay=250 ; status=429; retry-after=2 ").unwrap();
        assert_eq!(faults.delay, Some(Duration::from_millis(250)));
        assert_eq!(faults.answer, Some(Answer::Status(StatusCode::TOO_MANY_REQUESTS)));
        assert_eq!(faults.retry_after, Some(2));
        assert_eq!(parse("drop").unwrap().answer, Some(Answer::Drop));
        assert_eq!(parse("html502").unwrap().answer, Some(Answer::Html502));
        assert_eq!(parse("malformed").unwrap().answer, Some(Answer::Malformed));
        assert!(parse("coop").unwrap().coop);
        assert_eq!(parse("coop").unwrap().answer, None);
        assert_eq!(
            parse("reject=basicAuth.password").unwrap().answer,
            Some(Answer::Reject("basicAuth.password".into()))
        );
        assert_eq!(parse("").unwrap(), Faults::default());
    }

    #[test]
    fn mistakes() {
        for (text, item) in [
            ("explode", "explode"),
            ("delay=30001", "delay=30001"),
            ("delay=-1", "delay=-1"),
            ("status=200", "status=200"),
            ("status=abc", "status=abc"),
            ("drop=1", "drop=1"),
            ("reject=", "reject="),
            ("status=500;drop", "drop"),
            ("delay=1;delay=2", "delay=2"),
            ("status=500;retry-after=2", "retry-after=2"),
        ] {
            let error = parse(text).unwrap_err();
            assert_eq!(error.item, item, "{text}");
            assert!(error.to_string().contains(item), "{error}");
        }
    }

    #[test]
    fn armed_faults_are_spent() {
        let mut armed = Armed::default();
        armed.items.push(ArmedFault {
            fault: "drop".into(),
            path: "connections:generate".into(),
            times: 2,
            faults: parse("drop").unwrap(),
        });
        assert!(armed.take("/v1/providers").is_none());
        assert!(armed.take("/v1/projects/p/connections:generate").is_some());
        assert!(armed.take("/v1/projects/p/connections:generate").is_some());
        assert!(armed.take("/v1/projects/p/connections:generate").is_none());
    }
}
