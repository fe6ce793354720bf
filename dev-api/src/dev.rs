//! Endpoints for tests and demos that the hosted API does not have: reset, and what a connection
//! received.

use std::sync::PoisonError;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use crate::extract::{ApiPath, JsonBody};
use crate::problem::ApiError;
use crate::received::Received;
use crate::state::AppState;

/// `POST /dev/reset` with a JSON body (`{}`): deletes every connection, session and armed fault →
/// 204. The JSON content type makes browsers ask first (CORS preflight), so a web page of another
/// origin cannot wipe a developer's local data with a plain form post.
pub async fn reset(State(state): State<AppState>, JsonBody(_): JsonBody) -> Result<StatusCode, ApiError> {
    state.store.run(|db| db.reset()).await?;
    state.armed.lock().unwrap_or_else(PoisonError::into_inner).clear("");
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /dev/projects/{p}/connections/{id}/received`: what arrived with a connection, secrets as
/// `{sha256, last4}`.
pub async fn received(
    State(state): State<AppState>,
    ApiPath((project, id)): ApiPath<(String, String)>,
) -> Result<Json<Received>, ApiError> {
    let (p, i) = (project.clone(), id.clone());
    let connection = state.store.run(move |db| db.get(&p, &i)).await?;
    connection
        .map(|c| Json(c.received))
        .ok_or_else(|| ApiError::not_found(format!("Project {project:?} has no connection {id:?}.")))
}
