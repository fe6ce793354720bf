//! Talking to the connection API: one request at a time, with a timeout, a short-lived token when the
//! host provides one, and every failure turned into a typed value the form can explain.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use connect_core::api::{ConnectionSummary, CustomAuthConnectRequest, OAuthConnectRequest, UpdateConnectionRequest};
use connect_core::config::percent_encode;
use connect_core::events;
use connect_core::json::{Json, ObjectWriter};
use connect_core::problem::Problem;
use connect_core::sign_in::{CustomAuthStep, origin_of};
use connect_core::time::retry_after_seconds;
use connect_core::token::jwt_expiry;
use connect_core::{Catalog, Config, ConnectionRequest, Secret};
use gloo_net::http::{Method, Request, RequestBuilder};
use web_sys::{AbortController, RequestCredentials};

use crate::Host;

/// How long the form waits for the API before saying so.
pub const TIMEOUT: Duration = Duration::from_secs(20);
/// A token is renewed this long before it expires.
const TOKEN_MARGIN_SECONDS: i64 = 30;

/// Why a call failed, with what the user needs to be told.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The API refused with `application/problem+json`.
    Problem {
        /// The HTTP status.
        status: u16,
        /// What it said.
        problem: Problem,
        /// Seconds until a retry may work (`Retry-After` or `retryAfter`).
        retry_after: Option<u64>,
    },
    /// An error status with a body that is not a problem (a proxy's HTML page, say).
    Http {
        /// The HTTP status.
        status: u16,
        /// Seconds until a retry may work.
        retry_after: Option<u64>,
    },
    /// A success status whose body could not be read.
    Unreadable,
    /// No answer at all: offline, DNS, a dropped connection, CORS.
    Network,
    /// No answer within [`TIMEOUT`].
    Timeout,
    /// The host's token endpoint did not give a token.
    Token,
    /// The form could not build the request: a bug, reported as such.
    Internal,
    /// The sign-in popup reported a refusal, with the reason it gave.
    Denied(Option<String>),
    /// The sign-in window closed (or the wait ran out) and no connection came.
    WindowClosed,
}

impl ApiError {
    /// The stable code the `connect-form:error` event carries (README, "Embedding").
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Problem { .. } => "rejected",
            ApiError::Http { .. } => "http_error",
            ApiError::Unreadable => "unreadable_answer",
            ApiError::Network => "network",
            ApiError::Timeout => "timeout",
            ApiError::Token => "token",
            ApiError::Internal => "internal",
            ApiError::Denied(_) => "sign_in_denied",
            ApiError::WindowClosed => "sign_in_closed",
        }
    }

    /// The `connect-form:error` detail for this failure.
    pub fn event(&self, provider: &str) -> String {
        match self {
            ApiError::Problem { status, problem, .. } => {
                connect_core::events::error(self.code(), provider, Some(*status), Some(problem))
            }
            ApiError::Http { status, .. } => connect_core::events::error(self.code(), provider, Some(*status), None),
            _ => connect_core::events::error(self.code(), provider, None, None),
        }
    }
}

/// The current time in seconds since the epoch.
fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// The host's token and when it expires. Printing it shows `***`.
#[derive(Debug, Default)]
struct TokenCache {
    token: Option<(Secret, i64)>,
}

/// The API client. Cheap to clone; clones share the token.
#[derive(Debug, Clone)]
pub struct Client {
    config: Arc<Config>,
    host: Host,
    token: Arc<Mutex<TokenCache>>,
}

/// A whole answer: status, the headers the form reads, and the body.
struct Answer {
    status: u16,
    retry_after: Option<String>,
    is_json: bool,
    body: String,
}

impl Answer {
    fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The answer as an [`ApiError`], for an error status.
    fn failure(self) -> ApiError {
        let header = self.retry_after.as_deref();
        match Problem::parse(&self.body).ok().filter(|_| self.is_json) {
            Some(problem) => {
                let retry_after = retry_after_seconds(header, problem.retry_after.as_deref(), now_seconds());
                ApiError::Problem {
                    status: self.status,
                    problem,
                    retry_after,
                }
            }
            None => ApiError::Http {
                status: self.status,
                retry_after: retry_after_seconds(header, None, now_seconds()),
            },
        }
    }
}

/// Sends a request and reads the whole answer, giving up after [`TIMEOUT`]: a server that sends its
/// headers and then stalls is as stuck as one that never answers.
async fn send(builder: RequestBuilder, body: Option<String>) -> Result<Answer, ApiError> {
    let controller = AbortController::new().map_err(|_| ApiError::Network)?;
    let builder = builder.abort_signal(Some(&controller.signal()));
    let request = match body {
        Some(body) => builder.header("Content-Type", "application/json").body(body),
        None => builder.build(),
    }
    .map_err(|_| ApiError::Network)?;
    let timed_out = std::rc::Rc::new(std::cell::Cell::new(false));
    let flag = timed_out.clone();
    let timer = leptos::prelude::set_timeout_with_handle(
        move || {
            flag.set(true);
            controller.abort();
        },
        TIMEOUT,
    )
    .ok();
    let answer = async {
        let response = request.send().await.ok()?;
        let headers = response.headers();
        Some(Answer {
            status: response.status(),
            retry_after: headers.get("retry-after"),
            is_json: headers.get("content-type").is_some_and(|t| t.contains("json")),
            body: response.text().await.ok()?,
        })
    }
    .await;
    if let Some(timer) = timer {
        timer.clear();
    }
    answer.ok_or(if timed_out.get() {
        ApiError::Timeout
    } else {
        ApiError::Network
    })
}

/// The address of a web page from a `text/plain` answer: only such a page may go into the popup.
fn web_page(text: &str) -> Option<String> {
    let url = text.trim();
    origin_of(url).map(|_| url.to_owned())
}

impl Client {
    /// A client for the configured API.
    pub fn new(config: Arc<Config>, host: Host) -> Self {
        Client {
            config,
            host,
            token: Arc::default(),
        }
    }

    /// The cached token, while it is fresh.
    fn fresh_token(&self) -> Option<Secret> {
        match &self.token.lock().expect("single-threaded").token {
            Some((token, expiry)) if *expiry - TOKEN_MARGIN_SECONDS > now_seconds() => Some(token.clone()),
            _ => None,
        }
    }

    /// A token: from the host's `tokenUrl` (a fresh one is reused), or the one the embedding page
    /// handed over (`parentOrigin`; after a 401 the page is asked for a new one).
    async fn bearer(&self) -> Result<Option<Secret>, ApiError> {
        if let Some(token) = self.fresh_token() {
            return Ok(Some(token));
        }
        let Some(url) = self.config.token_url.clone() else {
            // The token the embedding page handed over, if any (a page whose API proxy adds the
            // credential hands over none).
            return Ok(self.host.token().map(Secret::new));
        };
        let identity = &self.config.identity;
        let body = ObjectWriter::new()
            .str("groupRef", &identity.group_ref)
            .str("consumerRef", &identity.consumer_ref)
            .finish();
        let answer = send(Request::post(&url).credentials(RequestCredentials::Include), Some(body))
            .await
            .map_err(|_| ApiError::Token)?;
        let token = Json::parse(&answer.body)
            .ok()
            .filter(|_| answer.ok())
            .and_then(|j| j.str_at("token"))
            .map(Secret::new)
            .ok_or(ApiError::Token)?;
        // Without a readable expiry, assume the API's shortest lifetime.
        let expiry = jwt_expiry(token.expose()).unwrap_or_else(|| now_seconds() + 300);
        self.token.lock().expect("single-threaded").token = Some((token.clone(), expiry));
        Ok(Some(token))
    }

    /// Drops the token: after a 401, and once connected (nothing more is sent).
    pub fn forget_token(&self) {
        self.token.lock().expect("single-threaded").token = None;
    }

    /// Sends an authenticated request; on a 401 with a token, fetches a new token and tries once more.
    /// (One function for every method, not one per call site: each generic copy of this state machine
    /// costs the download a kilobyte.)
    async fn authenticated(&self, method: Method, url: &str, body: Option<String>) -> Result<Answer, ApiError> {
        let mut retried = false;
        loop {
            let token = self.bearer().await?;
            let mut builder = RequestBuilder::new(url).method(method.clone());
            if let Some(token) = &token {
                builder = builder.header("Authorization", &format!("Bearer {}", token.expose()));
            }
            let answer = send(builder, body.clone()).await?;
            if answer.status == 401 && !retried {
                retried = true;
                if self.config.token_url.is_some() && token.is_some() {
                    self.forget_token();
                    continue;
                }
                if self.config.token_url.is_none() && self.config.parent_origin.is_some() {
                    // Ask the embedding page for a new token, and wait a little for it.
                    let used = token.map(|t| t.expose().to_owned());
                    self.host.emit(events::name::TOKEN_REQUEST, "{}");
                    for _ in 0..50 {
                        crate::popup::sleep(100).await;
                        if self.host.token().is_some_and(|t| Some(&t) != used.as_ref()) {
                            break;
                        }
                    }
                    continue;
                }
            }
            return Ok(answer);
        }
    }

    /// Sends an authenticated call and gives the body of a success, or the failure.
    async fn call(&self, method: Method, url: &str, body: Option<String>) -> Result<String, ApiError> {
        let answer = self.authenticated(method, url, body).await?;
        if !answer.ok() {
            return Err(answer.failure());
        }
        Ok(answer.body)
    }

    /// The URL of a path under the project's connections (`""`, `"/{id}"`, `":generate"`, ...).
    fn connections_url(&self, rest: &str) -> String {
        let project = percent_encode(&self.config.project);
        self.config.api_url(&format!("/projects/{project}/connections{rest}"))
    }

    /// `POST /projects/{p}/connections:generate`.
    pub async fn generate(&self, request: &ConnectionRequest) -> Result<ConnectionSummary, ApiError> {
        let body = request.to_json();
        let url = self.connections_url(":generate");
        let text = self.call(Method::POST, &url, Some(body)).await?;
        ConnectionSummary::from_json(&text).ok_or(ApiError::Unreadable)
    }

    /// `PATCH /projects/{p}/connections/{id}` with an `updateMask`.
    pub async fn update(&self, id: &str, request: &UpdateConnectionRequest) -> Result<ConnectionSummary, ApiError> {
        let body = request.to_json();
        let url = self.connections_url(&format!("/{}", percent_encode(id)));
        let text = self.call(Method::PATCH, &url, Some(body)).await?;
        ConnectionSummary::from_json(&text).ok_or(ApiError::Unreadable)
    }

    /// `GET /projects/{p}/connections?provider=&groupRef=&consumerRef=`: this user's connections to
    /// a provider.
    pub async fn connections(&self, provider: &str) -> Result<Vec<ConnectionSummary>, ApiError> {
        let identity = &self.config.identity;
        let url = self.connections_url(&format!(
            "?provider={}&groupRef={}&consumerRef={}",
            percent_encode(provider),
            percent_encode(&identity.group_ref),
            percent_encode(&identity.consumer_ref)
        ));
        let text = self.call(Method::GET, &url, None).await?;
        ConnectionSummary::list_from_json(&text).ok_or(ApiError::Unreadable)
    }

    /// `POST /oauth-connect`: the provider's sign-in page.
    pub async fn oauth_connect(&self, request: &OAuthConnectRequest) -> Result<String, ApiError> {
        let body = request.to_json();
        let url = self.config.api_url("/oauth-connect");
        web_page(&self.call(Method::POST, &url, Some(body)).await?).ok_or(ApiError::Unreadable)
    }

    /// `PATCH /projects/{p}/connections/{id}:oauth-update`: the sign-in page that renews a connection.
    pub async fn oauth_update(&self, id: &str) -> Result<String, ApiError> {
        let url = self.connections_url(&format!("/{}:oauth-update", percent_encode(id)));
        web_page(&self.call(Method::PATCH, &url, None).await?).ok_or(ApiError::Unreadable)
    }

    /// `POST /custom-auth/connect`: a first step, or the next one of a session.
    pub async fn custom_auth(&self, request: &CustomAuthConnectRequest) -> Result<CustomAuthStep, ApiError> {
        let body = request.to_json();
        let url = self.config.api_url("/custom-auth/connect");
        let text = self.call(Method::POST, &url, Some(body)).await?;
        CustomAuthStep::from_json(&text).ok_or(ApiError::Unreadable)
    }

    /// `GET /providers`: the live catalog.
    pub async fn catalog(&self) -> Result<Catalog, ApiError> {
        let answer = send(Request::get(&self.config.api_url("/providers")), None).await?;
        if !answer.ok() {
            return Err(answer.failure());
        }
        Catalog::from_json(&answer.body).map_err(|_| ApiError::Unreadable)
    }
}
