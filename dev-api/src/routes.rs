//! The routes, and the layers each group of them runs behind.
//!
//! - Every request, first: the `Host` check (`host.rs`), before routing, CORS or anything else.
//! - `/v1/providers*`: public, faultable.
//! - `/v1/projects/**`, `/v1/oauth-connect`, `/v1/custom-auth/connect`: faultable, then the token
//!   check (`--require-auth`).
//! - `/dev/authorize`, `/dev/custom-auth` (pages) and `/dev/token`: faultable.
//! - `/dev/session` (the product's login, stood in for), `/dev/faults`, `/dev/reset`,
//!   `/dev/projects/.../received`: never faulted.
//!
//! CORS wraps everything so a browser can read every answer, errors included; `/dev/token` and
//! `/dev/session` also allow credentials, since the session is a cookie and the form posts
//! `tokenUrl` with `credentials: 'include'`.

use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::extract::MAX_BODY;
use crate::problem::ApiError;
use crate::state::AppState;
use crate::{
    auth, connections, custom_auth, dev, faults, host, oauth, providers, session, static_files, token_endpoint,
};

fn cors(origins: &[String], credentials: bool) -> CorsLayer {
    let origins: Vec<HeaderValue> = origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST, Method::PATCH, Method::DELETE])
        .allow_headers([
            header::CONTENT_TYPE,
            header::AUTHORIZATION,
            HeaderName::from_static(faults::HEADER),
        ])
        .expose_headers([header::RETRY_AFTER, header::WWW_AUTHENTICATE])
        .allow_credentials(credentials)
        .max_age(Duration::from_secs(600))
}

async fn method_not_allowed(request: Request) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        format!("{} does not take {}.", request.uri().path(), request.method()),
    )
}

/// The whole application.
pub fn router(state: AppState, origins: &[String]) -> Router {
    let protected = Router::new()
        .route(
            "/v1/projects/{project}/connections:generate",
            post(connections::generate),
        )
        .route("/v1/projects/{project}/connections", get(connections::list))
        .route(
            "/v1/projects/{project}/connections/{id}",
            get(connections::get)
                .delete(connections::delete)
                .patch(connections::patch),
        )
        .route("/v1/oauth-connect", post(oauth::connect))
        .route("/v1/custom-auth/connect", post(custom_auth::connect))
        .route_layer(from_fn_with_state(state.auth.clone(), auth::require));

    let faultable = Router::new()
        .route("/v1/providers", get(providers::list))
        .route("/v1/providers/{provider}", get(providers::get))
        .merge(protected)
        .route("/dev/authorize", get(oauth::consent_page).post(oauth::decide))
        .route("/dev/custom-auth", get(custom_auth::page))
        .route_layer(from_fn_with_state(state.armed.clone(), faults::inject));

    let controls = Router::new()
        .route("/dev/faults", post(faults::arm).get(faults::list).delete(faults::clear))
        .route("/dev/reset", post(dev::reset))
        .route("/dev/projects/{project}/connections/{id}/received", get(dev::received));

    let token = Router::new()
        .route("/dev/token", post(token_endpoint::token))
        .route_layer(from_fn_with_state(state.armed.clone(), faults::inject))
        // After the fault layer, so it is not faulted: it stands in for the product, not the API.
        .route("/dev/session", post(session::create).delete(session::delete))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(cors(origins, true));

    let rest = Router::new()
        .merge(faultable)
        .merge(controls)
        .fallback(static_files::fallback)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(cors(origins, false));

    Router::new()
        .merge(token)
        .merge(rest)
        // Form posts of the consent page; JSON bodies are read by `JsonBody` with the same limit.
        .layer(DefaultBodyLimit::max(MAX_BODY))
        // Outermost, so it runs before routing and covers the fallback (static files) and preflights.
        .layer(from_fn_with_state(state.hosts.clone(), host::check))
        .with_state(state)
}
