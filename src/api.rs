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
use connect_core::token::{jwt_expiry, jwt_is_for};
use connect_core::{Catalog, Config, ConnectionRequest, Secret};
use gloo_net::http::{Method, Request, RequestBuilder};
use web_sys::{AbortController, RequestCredentials};

use crate::Host;
use crate::timer::sleep;

/// How long one user action may take, token included, before the form says it got no answer.
pub const TIMEOUT: Duration = Duration::from_secs(20);
/// A token is renewed this long before it expires.
const TOKEN_MARGIN_SECONDS: i64 = 30;
/// How long the first call waits for the embedding page's first token (the page is asked when the
/// form is ready), and how long a call waits for a new one after asking.
const FIRST_TOKEN_WAIT_MS: f64 = 1_500.0;
const NEW_TOKEN_WAIT_MS: f64 = 5_000.0;

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
    /// The token names another user than the one this form was opened for.
    WrongUser,
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
            ApiError::Token | ApiError::WrongUser => "token",
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

/// The token state that the client's clones share.
#[derive(Debug, Default)]
struct TokenCache {
    /// The token from `tokenUrl` and when it expires. Printing it shows `***`.
    token: Option<(Secret, i64)>,
    /// A `tokenUrl` request is under way: other calls wait for its token rather than send their own.
    fetching: bool,
    /// The first call has waited for the embedding page's first token (once is enough).
    waited_for_page: bool,
}

/// Marks a `tokenUrl` request under way, until dropped (also when the call is cancelled with its form).
struct Fetching(Arc<Mutex<TokenCache>>);

impl Drop for Fetching {
    fn drop(&mut self) {
        self.0.lock().expect("single-threaded").fetching = false;
    }
}

/// The API client. Cheap to clone; clones share the token.
#[derive(Debug, Clone)]
pub struct Client {
    config: Arc<Config>,
    host: Host,
    token: Arc<Mutex<TokenCache>>,
}

/// The time left until `deadline` (milliseconds since the epoch); `None` when none is.
fn remaining(deadline: f64) -> Option<Duration> {
    let left = deadline - js_sys::Date::now();
    (left >= 1.0).then(|| Duration::from_millis(left as u64))
}

/// Whether a token is still good for a call (one without a readable expiry is taken as it is).
fn unexpired(token: &str) -> bool {
    jwt_expiry(token).is_none_or(|expiry| expiry - TOKEN_MARGIN_SECONDS > now_seconds())
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

/// Sends a request and reads the whole answer, giving up after `timeout`: a server that sends its
/// headers and then stalls is as stuck as one that never answers.
async fn send(builder: RequestBuilder, body: Option<String>, timeout: Duration) -> Result<Answer, ApiError> {
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
        timeout,
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

    /// A token for a call: from the host's `tokenUrl`, or the one the embedding page handed over
    /// (`parentOrigin`), or none (a page whose API proxy adds the credential). A token that names
    /// another user than the configuration's is never sent.
    async fn bearer(&self, deadline: f64) -> Result<Option<Secret>, ApiError> {
        let token = match self.config.token_url.clone() {
            Some(url) => Some(self.token_from_url(&url, deadline).await?),
            None => self.page_token(deadline, None).await.map(Secret::new),
        };
        match token {
            Some(token) if !self.is_for_this_user(&token) => Err(ApiError::WrongUser),
            token => Ok(token),
        }
    }

    /// Whether a token may be sent: it names no user, or the configuration's.
    fn is_for_this_user(&self, token: &Secret) -> bool {
        let identity = &self.config.identity;
        jwt_is_for(token.expose(), &identity.group_ref, &identity.consumer_ref)
    }

    /// A fresh token from `tokenUrl`: the cached one, the one a request under way brings, or a new
    /// request's (one at a time, so calls made together share one token).
    async fn token_from_url(&self, url: &str, deadline: f64) -> Result<Secret, ApiError> {
        loop {
            if let Some(token) = self.fresh_token() {
                return Ok(token);
            }
            let started = !std::mem::replace(&mut self.token.lock().expect("single-threaded").fetching, true);
            if started {
                break;
            }
            remaining(deadline).ok_or(ApiError::Timeout)?;
            sleep(50).await;
        }
        let _fetching = Fetching(self.token.clone());
        let identity = &self.config.identity;
        // The refs are sent for the endpoint to check against its own session, never to choose by
        // (README, "Security model").
        let body = ObjectWriter::new()
            .str("groupRef", &identity.group_ref)
            .str("consumerRef", &identity.consumer_ref)
            .finish();
        let request = Request::post(url).credentials(RequestCredentials::Include);
        let answer = send(request, Some(body), remaining(deadline).ok_or(ApiError::Timeout)?)
            .await
            .map_err(|error| match error {
                ApiError::Timeout => ApiError::Timeout,
                _ => ApiError::Token,
            })?;
        let token = Json::parse(&answer.body)
            .ok()
            .filter(|_| answer.ok())
            .and_then(|j| j.str_at("token"))
            .map(Secret::new)
            .ok_or(ApiError::Token)?;
        // Without a readable expiry, assume the API's shortest lifetime.
        let expiry = jwt_expiry(token.expose()).unwrap_or_else(|| now_seconds() + 300);
        self.token.lock().expect("single-threaded").token = Some((token.clone(), expiry));
        Ok(token)
    }

    /// The embedding page's latest token while it has not expired. The first call waits a little for
    /// the page's first token (the form asked for one when it was ready); an expired token, or a
    /// call the API refused (`refused`, with the token it refused, if any), makes the form ask
    /// (`token-request`) and wait a little for a new one. Otherwise a page that has handed over
    /// none is not waited for again: its proxy adds the credential.
    async fn page_token(&self, deadline: f64, refused: Option<Option<&str>>) -> Option<String> {
        let usable = |token: &String| unexpired(token) && refused.flatten() != Some(token.as_str());
        let current = self.host.token();
        if current.as_ref().is_some_and(usable) {
            return current;
        }
        self.config.parent_origin.as_ref()?;
        let first = !std::mem::replace(&mut self.token.lock().expect("single-threaded").waited_for_page, true);
        let wait = if current.is_some() || refused.is_some() {
            self.host.emit(events::name::TOKEN_REQUEST, "{}");
            NEW_TOKEN_WAIT_MS
        } else if first {
            FIRST_TOKEN_WAIT_MS
        } else {
            return None;
        };
        let until = deadline.min(js_sys::Date::now() + wait);
        while js_sys::Date::now() < until {
            sleep(100).await;
            let token = self.host.token();
            if token.as_ref().is_some_and(usable) {
                return token;
            }
        }
        None
    }

    /// Drops the token: once connected (nothing more is sent).
    pub fn forget_token(&self) {
        self.token.lock().expect("single-threaded").token = None;
    }

    /// Drops the cached token if it is `token` (the one a 401 refused), not one another call has
    /// fetched since.
    fn forget(&self, token: &Secret) {
        let mut cache = self.token.lock().expect("single-threaded");
        if cache
            .token
            .as_ref()
            .is_some_and(|(cached, _)| cached.expose() == token.expose())
        {
            cache.token = None;
        }
    }

    /// Sends an authenticated request; on a 401 with a token, gets a new token and tries once more.
    /// The whole of it, tokens included, must end within [`TIMEOUT`].
    /// (One function for every method, not one per call site: each generic copy of this state machine
    /// costs the download a kilobyte.)
    async fn authenticated(&self, method: Method, url: &str, body: Option<String>) -> Result<Answer, ApiError> {
        let deadline = js_sys::Date::now() + TIMEOUT.as_millis() as f64;
        let mut token = self.bearer(deadline).await?;
        let mut retried = false;
        loop {
            let mut builder = RequestBuilder::new(url).method(method.clone());
            if let Some(token) = &token {
                builder = builder.header("Authorization", &format!("Bearer {}", token.expose()));
            }
            let answer = send(builder, body.clone(), remaining(deadline).ok_or(ApiError::Timeout)?).await?;
            if answer.status != 401 || retried {
                return Ok(answer);
            }
            retried = true;
            if self.config.token_url.is_some() {
                let Some(refused) = token else { return Ok(answer) };
                self.forget(&refused);
                token = self.bearer(deadline).await?;
            } else {
                let refused = token.as_ref().map(Secret::expose);
                match self.page_token(deadline, Some(refused)).await.map(Secret::new) {
                    Some(new) if !self.is_for_this_user(&new) => return Err(ApiError::WrongUser),
                    Some(new) => token = Some(new),
                    None => return Ok(answer),
                }
            }
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
        let answer = send(Request::get(&self.config.api_url("/providers")), None, TIMEOUT).await?;
        if !answer.ok() {
            return Err(answer.failure());
        }
        Catalog::from_json(&answer.body).map_err(|_| ApiError::Unreadable)
    }
}
