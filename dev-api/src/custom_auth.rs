//! Multi-step custom auth (`customOpts.multiStep`), with one redirect step through a dev page.
//!
//! First call: the inputs, checked like the form checks them → `{redirect: {url, sessionId}}`. The
//! page at `url` has a Continue button that posts `{source: "ampersand-custom-auth", params: {code}}`
//! to the opener. Second call: `{sessionId, callbackParams: {code}}` → `{connection}`.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::{Extension, Json};
use connect_core::api::{
    ConnectionRequest, CustomAuthConnectRequest, CustomAuthConnectResponse, MetadataValue, Redirect,
};
use connect_core::assemble::{IssueKind, RequestIssue, values_from_request};
use connect_core::form::{Flow, FormSpec, Target};
use connect_core::validate::validate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::auth::Caller;
use crate::extract::{ApiQuery, JsonBody, decode, require_strings};
use crate::messages::{request_issues, wrong_flow};
use crate::pages;
use crate::problem::{ApiError, issue, missing, refused};
use crate::random;
use crate::received::{Received, ReceivedValue, values_of};
use crate::record::{self, Owner};
use crate::state::AppState;
use crate::store::{Db, StoredConnection};

/// The session kind in the store.
const KIND: &str = "customAuth";

/// One multi-step flow under way.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Session {
    id: String,
    /// The one-time code the dev page hands back.
    code: String,
    project: String,
    provider: String,
    group_ref: String,
    group_name: Option<String>,
    consumer_ref: String,
    consumer_name: Option<String>,
    workspace_ref: Option<String>,
    metadata: BTreeMap<String, MetadataValue>,
    received: BTreeMap<String, ReceivedValue>,
    auth_scheme: String,
    /// Set once the flow has made its connection.
    connection: Option<String>,
}

const FIRST_CALL_REQUIRED: [(&str, &str); 3] = [
    ("provider", "a multi-step custom-auth provider of GET /v1/providers"),
    ("groupRef", "the embedding product's reference for the end user's group"),
    ("consumerRef", "the embedding product's reference for the end user"),
];

/// `POST /v1/custom-auth/connect`.
pub async fn connect(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> Result<Json<CustomAuthConnectResponse>, ApiError> {
    let mut issues = require_strings(&body, &[("projectIdOrName", "the project")]);
    let resuming = body.contains_key("sessionId");
    if !resuming {
        issues.extend(require_strings(&body, &FIRST_CALL_REQUIRED));
    }
    if !issues.is_empty() {
        return Err(missing(issues));
    }
    let request: CustomAuthConnectRequest = decode(body)?;
    if resuming {
        resume(&state, &caller, request).await
    } else {
        start(&state, &caller, &headers, request).await
    }
}

async fn start(
    state: &AppState,
    caller: &Caller,
    headers: &HeaderMap,
    request: CustomAuthConnectRequest,
) -> Result<Json<CustomAuthConnectResponse>, ApiError> {
    let owner = Owner::new(
        request.project_id_or_name.trim(),
        request.group_ref.as_deref().unwrap_or_default(),
        &request.group_name,
        request.consumer_ref.as_deref().unwrap_or_default(),
        &request.consumer_name,
    );
    caller.allow(&owner.group_ref, &owner.consumer_ref)?;
    let provider = state.provider(request.provider.as_deref().unwrap_or_default().trim())?;
    let spec = FormSpec::for_provider(provider, None);
    if spec.flow != Flow::MultiStep {
        let detail = format!(
            "{} is not a multi-step custom-auth provider. {}",
            spec.title,
            wrong_flow(&spec, spec.outcome())
        );
        return Err(refused(vec![issue("provider", detail)]));
    }
    let as_connection = ConnectionRequest {
        provider_metadata: request.provider_metadata.clone(),
        custom_auth: request.custom_auth.clone(),
        ..ConnectionRequest::default()
    };
    // Inputs the provider does not have, then the form's own checks.
    let mut found: Vec<RequestIssue> = request
        .custom_auth
        .iter()
        .flatten()
        .filter(|(name, _)| spec.field(&Target::Custom((*name).clone())).is_none())
        .map(|(name, _)| RequestIssue {
            name: format!("customAuth.{name}"),
            kind: IssueKind::NotForThisProvider,
        })
        .collect();
    let values = values_from_request(&spec, &as_connection);
    let validated = match validate(&spec, &values) {
        Ok(validated) => Some(validated),
        Err(errors) => {
            found.extend(errors.into_iter().map(|e| RequestIssue {
                name: e.target.path(),
                kind: IssueKind::Field(e.kind),
            }));
            None
        }
    };
    let validated = match validated {
        Some(validated) if found.is_empty() => validated,
        _ => return Err(refused(request_issues(&spec, found))),
    };
    let (metadata, workspace_ref) = record::metadata_of(&validated, &as_connection);
    let session = Session {
        id: format!("cas_{}", random::hex(12)),
        code: random::hex(12),
        project: owner.project,
        provider: provider.name.clone(),
        group_ref: owner.group_ref,
        group_name: owner.group_name,
        consumer_ref: owner.consumer_ref,
        consumer_name: owner.consumer_name,
        workspace_ref,
        metadata,
        received: values_of(&spec, &values, &as_connection),
        auth_scheme: record::auth_scheme(&spec.flow, provider).to_owned(),
        connection: None,
    };
    let redirect = Redirect {
        url: format!("{}/dev/custom-auth?session={}", state.origin(headers), session.id),
        session_id: session.id.clone(),
    };
    state
        .store
        .run(move |db| db.put_session(KIND, &session.id.clone(), &session))
        .await?;
    Ok(Json(CustomAuthConnectResponse::Redirect(redirect)))
}

async fn resume(
    state: &AppState,
    caller: &Caller,
    request: CustomAuthConnectRequest,
) -> Result<Json<CustomAuthConnectResponse>, ApiError> {
    let session_id = request.session_id.clone().unwrap_or_default();
    let caller = caller.clone();
    let connection = state
        .store
        .run(move |db| complete(db, &caller, &session_id, &request))
        .await?;
    Ok(Json(CustomAuthConnectResponse::Connection(Box::new(
        connection.to_api(),
    ))))
}

/// Checks the second call against its session and makes the connection, once.
fn complete(
    db: &mut Db,
    caller: &Caller,
    session_id: &str,
    request: &CustomAuthConnectRequest,
) -> Result<StoredConnection, ApiError> {
    let Some(mut session) = db.session::<Session>(KIND, session_id)? else {
        return Err(ApiError::not_found(format!(
            "There is no custom-auth session {session_id:?}; start again with a first call."
        )));
    };
    if session.project != request.project_id_or_name.trim() {
        let detail = format!("Session {session_id} belongs to project {:?}.", session.project);
        return Err(ApiError::invalid(
            StatusCode::BAD_REQUEST,
            detail.clone(),
            vec![issue("projectIdOrName", detail)],
        ));
    }
    caller.allow(&session.group_ref, &session.consumer_ref)?;
    if let Some(connection) = &session.connection {
        return Err(ApiError::bad_request(format!(
            "Session {session_id} was already used and made connection {connection}; start again with a first call."
        ))
        .with_context("connectionId", Value::String(connection.clone())));
    }
    match request.callback_params.as_ref().and_then(|p| p.get("code")) {
        None => {
            let detail = "callbackParams.code is required: the code the redirect step posted back.";
            return Err(ApiError::invalid(
                StatusCode::BAD_REQUEST,
                detail,
                vec![issue("callbackParams.code", detail)],
            ));
        }
        Some(code) if *code != session.code => {
            let detail = "callbackParams.code is not the code the redirect step issued for this session.";
            return Err(ApiError::invalid(
                StatusCode::BAD_REQUEST,
                detail,
                vec![issue("callbackParams.code", detail)],
            ));
        }
        Some(_) => {}
    }
    let owner = Owner::new(
        &session.project,
        &session.group_ref,
        &session.group_name,
        &session.consumer_ref,
        &session.consumer_name,
    );
    let connection = record::store_sign_in(
        db,
        record::SignIn {
            owner: &owner,
            provider: &session.provider,
            workspace_ref: session.workspace_ref.clone(),
            metadata: session.metadata.clone(),
            auth_scheme: session.auth_scheme.clone(),
            received: Received {
                provider: session.provider.clone(),
                credential: "customAuth".to_owned(),
                flow: "customAuthConnect".to_owned(),
                values: session.received.clone(),
            },
        },
    )?;
    session.connection = Some(connection.id.clone());
    db.put_session(KIND, session_id, &session)?;
    Ok(connection)
}

/// The query of the dev page.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    /// The session.
    pub session: Option<String>,
}

/// `GET /dev/custom-auth?session=...`: the redirect step's page.
pub async fn page(State(state): State<AppState>, ApiQuery(query): ApiQuery<PageQuery>) -> Result<Response, ApiError> {
    let key = query.session.unwrap_or_default();
    let session: Option<Session> = if key.is_empty() {
        None
    } else {
        state.store.run(move |db| db.session(KIND, &key)).await?
    };
    let Some(session) = session.filter(|s| s.connection.is_none()) else {
        return Ok(pages::respond(
            StatusCode::NOT_FOUND,
            pages::error(
                "This link does not work",
                "The custom-auth session is unknown or already finished. Start again from the form.",
            ),
            false,
        ));
    };
    let title = state.title(&session.provider);
    Ok(pages::respond(
        StatusCode::OK,
        pages::custom_auth(&title, &session.code),
        false,
    ))
}
