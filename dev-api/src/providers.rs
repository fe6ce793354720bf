//! `GET /v1/providers` and `GET /v1/providers/{provider}`: the embedded catalog, as published.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use connect_core::catalog::EMBEDDED_CATALOG_JSON;
use serde_json::Value;

use crate::extract::ApiPath;
use crate::problem::ApiError;
use crate::state::AppState;

/// `GET /v1/providers`: the catalog, byte for byte.
pub async fn list() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], EMBEDDED_CATALOG_JSON)
}

/// `GET /v1/providers/{provider}`: one provider's catalog entry, or 404.
pub async fn get(State(state): State<AppState>, ApiPath(name): ApiPath<String>) -> Result<Json<Value>, ApiError> {
    state.catalog_json.get(&name).cloned().map(Json).ok_or_else(|| {
        ApiError::not_found(format!(
            "There is no provider named {name:?}; GET /v1/providers lists them."
        ))
    })
}
