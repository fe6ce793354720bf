//! Talking to the connection API: one request at a time, with a timeout, a short-lived token when the
//! host provides one, and every failure turned into a typed value the form can explain.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use connect_core::api::ConnectionSummary;
use connect_core::json::Json;
use connect_core::problem::Problem;
use connect_core::time::retry_after_seconds;
use connect_core::token::jwt_expiry;
use connect_core::{Catalog, Config, ConnectionRequest};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use web_sys::{AbortController, RequestCredentials};

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
}

/// The current time in seconds since the epoch.
fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

#[derive(Debug, Default)]
struct TokenCache {
    token: Option<(String, i64)>,
}

/// The API client. Cheap to clone; clones share the token.
#[derive(Debug, Clone)]
pub struct Client {
    config: Arc<Config>,
    token: Arc<Mutex<TokenCache>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TokenRequest<'a> {
    group_ref: &'a str,
    consumer_ref: &'a str,
}

/// Sends a request, giving up after [`TIMEOUT`].
async fn send(builder: RequestBuilder, body: Option<String>) -> Result<Response, ApiError> {
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
    let result = request.send().await;
    if let Some(timer) = timer {
        timer.clear();
    }
    result.map_err(|_| {
        if timed_out.get() {
            ApiError::Timeout
        } else {
            ApiError::Network
        }
    })
}

/// Turns an error answer into an [`ApiError`].
async fn failure(response: Response) -> ApiError {
    let status = response.status();
    let header = response.headers().get("retry-after");
    let is_problem = response
        .headers()
        .get("content-type")
        .is_some_and(|t| t.contains("json"));
    let body = response.text().await.unwrap_or_default();
    match Problem::parse(&body).ok().filter(|_| is_problem) {
        Some(problem) => {
            let retry_after = retry_after_seconds(header.as_deref(), problem.retry_after.as_deref(), now_seconds());
            ApiError::Problem {
                status,
                problem,
                retry_after,
            }
        }
        None => ApiError::Http {
            status,
            retry_after: retry_after_seconds(header.as_deref(), None, now_seconds()),
        },
    }
}

impl Client {
    /// A client for the configured API.
    pub fn new(config: Arc<Config>) -> Self {
        Client {
            config,
            token: Arc::default(),
        }
    }

    /// A token from the host's `tokenUrl`, reusing one that is still fresh.
    async fn bearer(&self) -> Result<Option<String>, ApiError> {
        let Some(url) = self.config.token_url.clone() else {
            return Ok(None);
        };
        if let Some((token, expiry)) = &self.token.lock().expect("single-threaded").token
            && *expiry - TOKEN_MARGIN_SECONDS > now_seconds()
        {
            return Ok(Some(token.clone()));
        }
        let identity = &self.config.identity;
        let body = serde_json::to_string(&TokenRequest {
            group_ref: &identity.group_ref,
            consumer_ref: &identity.consumer_ref,
        })
        .map_err(|_| ApiError::Token)?;
        let response = send(Request::post(&url).credentials(RequestCredentials::Include), Some(body))
            .await
            .map_err(|_| ApiError::Token)?;
        if !response.ok() {
            return Err(ApiError::Token);
        }
        let body = response.text().await.map_err(|_| ApiError::Token)?;
        let token = Json::parse(&body)
            .ok()
            .and_then(|j| j.str_at("token"))
            .ok_or(ApiError::Token)?;
        // Without a readable expiry, assume the API's shortest lifetime.
        let expiry = jwt_expiry(&token).unwrap_or_else(|| now_seconds() + 300);
        self.token.lock().expect("single-threaded").token = Some((token.clone(), expiry));
        Ok(Some(token))
    }

    fn forget_token(&self) {
        self.token.lock().expect("single-threaded").token = None;
    }

    /// Sends an authenticated request; on a 401 with a token, fetches a new token and tries once more.
    async fn authenticated(
        &self,
        make: impl Fn() -> RequestBuilder,
        body: Option<String>,
    ) -> Result<Response, ApiError> {
        for attempt in 0..2 {
            let token = self.bearer().await?;
            let mut builder = make();
            if let Some(token) = &token {
                builder = builder.header("Authorization", &format!("Bearer {token}"));
            }
            let response = send(builder, body.clone()).await?;
            if response.status() == 401 && token.is_some() && attempt == 0 {
                self.forget_token();
                continue;
            }
            return Ok(response);
        }
        unreachable!("the loop returns on its second pass")
    }

    /// `POST /projects/{p}/connections:generate`.
    pub async fn generate(&self, request: &ConnectionRequest) -> Result<ConnectionSummary, ApiError> {
        let url = self.config.generate_url();
        let body = serde_json::to_string(request).map_err(|_| ApiError::Unreadable)?;
        let response = self.authenticated(|| Request::post(&url), Some(body)).await?;
        if !response.ok() {
            return Err(failure(response).await);
        }
        let body = response.text().await.map_err(|_| ApiError::Unreadable)?;
        ConnectionSummary::from_json(&body).ok_or(ApiError::Unreadable)
    }

    /// `GET /providers`: the live catalog.
    pub async fn catalog(&self) -> Result<Catalog, ApiError> {
        let response = send(Request::get(&self.config.api_url("/providers")), None).await?;
        if !response.ok() {
            return Err(failure(response).await);
        }
        let text = response.text().await.map_err(|_| ApiError::Unreadable)?;
        Catalog::from_json(&text).map_err(|_| ApiError::Unreadable)
    }
}
