//! `/v1/projects/{p}/connections...`: create (`connections:generate`), list, read, update, delete.
//! Every value is checked with the same `connect-core` rules the form runs before sending.

use axum::Json;
use axum::extract::{FromRequest, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use connect_core::api::{Connection, ConnectionRequest, UPDATE_MASKS, UpdateConnectionRequest};
use connect_core::assemble::{check_generate_request, values_from_request};
use connect_core::form::{Flow, FormSpec, Target, WORKSPACE};
use connect_core::problem::Issue;
use connect_core::validate::validate;
use serde::Deserialize;
use serde_json::Value;

use crate::auth::Caller;
use crate::extract::{ApiPath, ApiQuery, JsonBody, decode, require_strings};
use crate::faults::Faults;
use crate::messages::{field_issues, request_issues};
use crate::oauth;
use crate::problem::{ApiError, issue, missing, query_issue, refused, summary};
use crate::received::values_of;
use crate::record::{self, Owner};
use crate::state::AppState;
use crate::store::{Filter, StoredConnection};

/// The required keys of a `GenerateConnectionRequest`, with what they name.
const GENERATE_REQUIRED: [(&str, &str); 3] = [
    ("groupRef", "the embedding product's reference for the end user's group"),
    ("consumerRef", "the embedding product's reference for the end user"),
    ("provider", "a provider of GET /v1/providers"),
];

/// The form the request is checked against: the provider's own, or the token-import form when an
/// authorization-code provider's existing tokens are imported (`oauth2AuthorizationCode`).
fn generate_spec(provider: &connect_core::Provider, request: &ConnectionRequest) -> FormSpec {
    let spec = FormSpec::for_provider(provider, None);
    if matches!(spec.flow, Flow::ContinueWithProvider { .. }) && request.oauth2_authorization_code.is_some() {
        FormSpec::token_import(provider, None)
    } else {
        spec
    }
}

/// `POST /v1/projects/{p}/connections:generate`.
pub async fn generate(
    State(state): State<AppState>,
    ApiPath(project): ApiPath<String>,
    axum::Extension(caller): axum::Extension<Caller>,
    JsonBody(body): JsonBody,
) -> Result<Response, ApiError> {
    let issues = require_strings(&body, &GENERATE_REQUIRED);
    if !issues.is_empty() {
        return Err(missing(issues));
    }
    let request: ConnectionRequest = decode(body)?;
    let owner = Owner::new(
        &project,
        request.group_ref.as_deref().unwrap_or_default(),
        &request.group_name,
        request.consumer_ref.as_deref().unwrap_or_default(),
        &request.consumer_name,
    );
    caller.allow(&owner.group_ref, &owner.consumer_ref)?;
    let provider = state.provider(request.provider.as_deref().unwrap_or_default().trim())?;
    let spec = generate_spec(provider, &request);
    let validated = check_generate_request(&spec, &request).map_err(|found| refused(request_issues(&spec, found)))?;
    let connection = record::new_connection(&owner, provider, &spec, &validated, &request, "generate");
    let stored = connection.clone();
    let existing = state.store.run(move |db| db.insert(&stored)).await?;
    if let Some(existing) = existing {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "already-connected",
            format!(
                "{} is already connected for groupRef {:?} and consumerRef {:?}: connection {existing}. \
                 Update it instead of creating another.",
                spec.title, owner.group_ref, owner.consumer_ref
            ),
        )
        .with_remedy(format!(
            "PATCH /v1/projects/{project}/connections/{existing} with the new values, or DELETE it first."
        ))
        .with_context("connectionId", existing));
    }
    Ok((StatusCode::CREATED, Json(connection.to_api())).into_response())
}

/// The filters of `GET /v1/projects/{p}/connections`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListQuery {
    /// Only this provider.
    pub provider: Option<String>,
    /// Only this group.
    pub group_ref: Option<String>,
    /// Only this consumer.
    pub consumer_ref: Option<String>,
}

/// `GET /v1/projects/{p}/connections?provider=&groupRef=&consumerRef=`. With a token, only the
/// token's own connections are listed.
pub async fn list(
    State(state): State<AppState>,
    ApiPath(project): ApiPath<String>,
    axum::Extension(caller): axum::Extension<Caller>,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<Vec<Connection>>, ApiError> {
    let nonempty = |v: Option<String>| v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let mut filter = Filter {
        provider: nonempty(query.provider),
        group_ref: nonempty(query.group_ref),
        consumer_ref: nonempty(query.consumer_ref),
    };
    caller.allow_filter(filter.group_ref.as_deref(), filter.consumer_ref.as_deref())?;
    if let Some(claims) = &caller.0 {
        filter.group_ref = Some(claims.group_ref.clone());
        filter.consumer_ref = Some(claims.consumer_ref.clone());
    }
    if let Some(provider) = &filter.provider
        && state.catalog.get(provider).is_none()
    {
        let detail = format!("There is no provider named {provider:?}; GET /v1/providers lists them.");
        return Err(ApiError::invalid(
            StatusCode::BAD_REQUEST,
            detail.clone(),
            vec![query_issue("provider", detail)],
        ));
    }
    let found = state.store.run(move |db| db.list(&project, &filter)).await?;
    Ok(Json(found.iter().map(StoredConnection::to_api).collect()))
}

/// `GET /v1/projects/{p}/connections/{id}`.
pub async fn get(
    State(state): State<AppState>,
    ApiPath((project, id)): ApiPath<(String, String)>,
    axum::Extension(caller): axum::Extension<Caller>,
) -> Result<Json<Connection>, ApiError> {
    let connection = state.connection(&caller, &project, &id).await?;
    Ok(Json(connection.to_api()))
}

/// `DELETE /v1/projects/{p}/connections/{id}` → 204.
pub async fn delete(
    State(state): State<AppState>,
    ApiPath((project, id)): ApiPath<(String, String)>,
    axum::Extension(caller): axum::Extension<Caller>,
) -> Result<StatusCode, ApiError> {
    state.connection(&caller, &project, &id).await?;
    let deleted = state.store.run(move |db| db.delete(&project, &id)).await?;
    Ok(if deleted {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::NOT_FOUND
    })
}

/// `PATCH /v1/projects/{p}/connections/{id}` and `PATCH .../{id}:oauth-update`: one route, since a
/// path parameter cannot carry a suffix.
pub async fn patch(
    State(state): State<AppState>,
    ApiPath((project, id_or_action)): ApiPath<(String, String)>,
    request: Request,
) -> Result<Response, ApiError> {
    let caller = request.extensions().get::<Caller>().cloned().unwrap_or_default();
    match id_or_action.split_once(':') {
        Some((id, "oauth-update")) => {
            let coop = request.extensions().get::<Faults>().is_some_and(|f| f.coop);
            let origin = state.origin(request.headers());
            oauth::update(&state, &caller, &project, id, coop, &origin).await
        }
        Some((_, action)) => Err(ApiError::not_found(format!(
            "There is no action {action:?} on connections; the one there is, is :oauth-update."
        ))),
        None => {
            let JsonBody(body) = JsonBody::from_request(request, &()).await?;
            update(&state, &caller, &project, &id_or_action, body)
                .await
                .map(|c| Json(c).into_response())
        }
    }
}

/// Applies an `UpdateConnectionRequest`: only the masked parts, checked with the form's rules.
async fn update(
    state: &AppState,
    caller: &Caller,
    project: &str,
    id: &str,
    body: serde_json::Map<String, Value>,
) -> Result<Connection, ApiError> {
    let mut issues = Vec::new();
    match body.get("updateMask") {
        Some(Value::Array(_)) => {}
        _ => issues.push(issue(
            "updateMask",
            "updateMask is required: a list of the parts to change.",
        )),
    }
    if !matches!(body.get("connection"), Some(Value::Object(_))) {
        issues.push(issue(
            "connection",
            "connection is required: an object with the new values.",
        ));
    }
    if !issues.is_empty() {
        return Err(missing(issues));
    }
    let request: UpdateConnectionRequest = decode(body)?;
    let masks = check_masks(&request.update_mask)?;
    let existing = state.connection(caller, project, id).await?;
    caller.allow_filter(
        request.connection.group_ref.as_deref(),
        request.connection.consumer_ref.as_deref(),
    )?;
    let provider = state.provider(&existing.provider)?;
    let spec = FormSpec::for_provider(provider, None);
    // Only credentials named in UPDATE_MASKS can be masked; others (customAuth) never match.
    let credential_mask = match spec.flow {
        Flow::Generate(credential) => Some(credential.key()),
        _ => None,
    };
    let foreign: Vec<Issue> = masks
        .iter()
        .filter(|m| !matches!(**m, "providerWorkspaceRef" | "providerMetadata") && Some(**m) != credential_mask)
        .map(|m| {
            issue(
                "updateMask",
                format!("{} connections have no {m} to update.", spec.title),
            )
        })
        .collect();
    if !foreign.is_empty() {
        return Err(refused(foreign));
    }
    let in_mask = |target: &Target| match target {
        Target::Metadata(name) => {
            masks.contains(&"providerMetadata") || (name == WORKSPACE && masks.contains(&"providerWorkspaceRef"))
        }
        other => other.update_mask().is_some_and(|m| masks.contains(&m)),
    };
    let update_spec = FormSpec {
        fields: spec.fields.iter().filter(|f| in_mask(&f.target)).cloned().collect(),
        ..spec.clone()
    };
    let values = values_from_request(&update_spec, &request.connection);
    let validated = validate(&update_spec, &values).map_err(|errors| refused(field_issues(&update_spec, errors)))?;
    let mut changed = existing.clone();
    let received = values_of(&update_spec, &values, &request.connection);
    let (metadata, workspace) = record::metadata_of(&validated, &request.connection);
    if masks.contains(&"providerMetadata") {
        changed.metadata = metadata;
        changed.received.replace("providerMetadata", received.clone());
    }
    if masks.contains(&"providerWorkspaceRef") {
        let Some(workspace) = workspace else {
            let detail = "providerWorkspaceRef is in updateMask but the connection has none.";
            return Err(refused(vec![issue("providerWorkspaceRef", detail)]));
        };
        changed.workspace_ref = Some(workspace);
        changed.received.replace("providerWorkspaceRef", received.clone());
    }
    if let Some(credential) = credential_mask.filter(|c| masks.contains(c)) {
        changed.received.replace(credential, received);
    }
    changed.update_time = Some(crate::clock::now());
    let stored = changed.clone();
    state.store.run(move |db| db.update(&stored)).await?;
    Ok(changed.to_api())
}

/// The mask values, each known and given once; 400 otherwise.
fn check_masks(masks: &[String]) -> Result<Vec<&'static str>, ApiError> {
    let mut known = Vec::new();
    let mut issues = Vec::new();
    for (index, mask) in masks.iter().enumerate() {
        match UPDATE_MASKS.iter().find(|m| **m == mask.trim()) {
            Some(m) if !known.contains(m) => known.push(*m),
            Some(_) => {}
            None => issues.push(issue(
                format!("updateMask[{index}]"),
                format!(
                    "{mask:?} cannot be updated; updateMask takes {}.",
                    UPDATE_MASKS.join(", ")
                ),
            )),
        }
    }
    if known.is_empty() && issues.is_empty() {
        issues.push(issue(
            "updateMask",
            "updateMask is empty; name at least one part to change.",
        ));
    }
    if issues.is_empty() {
        Ok(known)
    } else {
        Err(ApiError::invalid(StatusCode::BAD_REQUEST, summary(&issues), issues))
    }
}
