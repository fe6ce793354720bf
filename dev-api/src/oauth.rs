//! OAuth2 authorization code, simulated: `POST /v1/oauth-connect` and `PATCH ...:oauth-update`
//! answer the URL of a dev consent page (`/dev/authorize?state=...`) instead of a provider's. Approve
//! stores (or renews) the connection and the result page posts the same message to `window.opener`
//! as the hosted API's callback; Deny posts the failure.

use std::collections::BTreeMap;

use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use connect_core::api::{ConnectionRequest, MetadataValue, OAuthConnectRequest};
use connect_core::form::{Flow, FormSpec};
use connect_core::validate::validate;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::auth::Caller;
use crate::extract::{ApiForm, ApiQuery, JsonBody, decode, require_strings};
use crate::faults::Faults;
use crate::messages::{field_issues, wrong_flow};
use crate::pages::{self, ConsentFacts};
use crate::problem::{ApiError, issue, missing, refused};
use crate::received::{ReceivedValue, values_of};
use crate::record::{self, Owner};
use crate::state::AppState;
use crate::store::Db;
use crate::{clock, random};

/// The session kind in the store.
const KIND: &str = "oauth";

/// How a session ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "result")]
enum Outcome {
    /// Approved: this connection was stored or renewed.
    Approved {
        /// Its id.
        connection: String,
    },
    /// Denied by the user, or failed.
    Failed {
        /// Why, for the opener.
        error: String,
    },
}

/// One sign-in under way, keyed by its `state`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Session {
    state: String,
    project: String,
    provider: String,
    group_ref: String,
    group_name: Option<String>,
    consumer_ref: String,
    consumer_name: Option<String>,
    workspace_ref: Option<String>,
    metadata: BTreeMap<String, MetadataValue>,
    received: BTreeMap<String, ReceivedValue>,
    /// `oauth2/authorizationCode` or `oauth2/authorizationCodePKCE`, by the provider's grant.
    auth_scheme: String,
    /// The connection to renew (`:oauth-update`); a new or existing one by identity otherwise.
    connection_id: Option<String>,
    coop: bool,
    outcome: Option<Outcome>,
}

impl Session {
    fn owner(&self) -> Owner {
        Owner::new(
            &self.project,
            &self.group_ref,
            &self.group_name,
            &self.consumer_ref,
            &self.consumer_name,
        )
    }
}

const REQUIRED: [(&str, &str); 4] = [
    ("projectIdOrName", "the project"),
    ("groupRef", "the embedding product's reference for the end user's group"),
    ("consumerRef", "the embedding product's reference for the end user"),
    ("provider", "a provider of GET /v1/providers"),
];

fn consent_url(origin: &str, state: &str) -> String {
    format!("{origin}/dev/authorize?state={state}")
}

fn text_plain(body: String) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

/// `POST /v1/oauth-connect` → `200 text/plain` with the consent page's URL.
pub async fn connect(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    faults: Option<Extension<Faults>>,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> Result<Response, ApiError> {
    let issues = require_strings(&body, &REQUIRED);
    if !issues.is_empty() {
        return Err(missing(issues));
    }
    let request: OAuthConnectRequest = decode(body)?;
    let owner = Owner::new(
        request.project_id_or_name.trim(),
        &request.group_ref,
        &request.group_name,
        &request.consumer_ref,
        &request.consumer_name,
    );
    caller.allow(&owner.group_ref, &owner.consumer_ref)?;
    let provider = state.provider(request.provider.trim())?;
    let spec = FormSpec::for_provider(provider, None);
    if !matches!(spec.flow, Flow::ContinueWithProvider { .. }) {
        let detail = format!(
            "{} does not sign in with OAuth2 authorization code. {}",
            spec.title,
            wrong_flow(&spec, spec.outcome())
        );
        return Err(refused(vec![issue("provider", detail)]));
    }
    // The metadata the form asks before sign-in, checked like the form checks it.
    let as_connection = ConnectionRequest {
        provider_workspace_ref: request.provider_workspace_ref.clone(),
        provider_metadata: request.provider_metadata.clone(),
        ..ConnectionRequest::default()
    };
    let values = connect_core::assemble::values_from_request(&spec, &as_connection);
    let validated = validate(&spec, &values).map_err(|errors| refused(field_issues(&spec, errors)))?;
    let (metadata, workspace_ref) = record::metadata_of(&validated, &as_connection);
    let session = Session {
        state: random::hex(16),
        project: owner.project.clone(),
        provider: provider.name.clone(),
        group_ref: owner.group_ref,
        group_name: owner.group_name,
        consumer_ref: owner.consumer_ref,
        consumer_name: owner.consumer_name,
        workspace_ref,
        metadata,
        received: values_of(&spec, &values, &as_connection),
        auth_scheme: record::auth_scheme(&spec.flow, provider).to_owned(),
        connection_id: None,
        coop: faults.is_some_and(|f| f.coop),
        outcome: None,
    };
    let url = consent_url(&state.origin(&headers), &session.state);
    state
        .store
        .run(move |db| db.put_session(KIND, &session.state.clone(), &session))
        .await?;
    Ok(text_plain(url))
}

/// `PATCH /v1/projects/{p}/connections/{id}:oauth-update` → `200 text/plain` with the consent
/// page's URL; approving renews that connection.
pub async fn update(
    state: &AppState,
    caller: &Caller,
    project: &str,
    id: &str,
    coop: bool,
    origin: &str,
) -> Result<Response, ApiError> {
    let existing = state.connection(caller, project, id).await?;
    let provider = state.provider(&existing.provider)?;
    let spec = FormSpec::for_provider(provider, None);
    if !matches!(spec.flow, Flow::ContinueWithProvider { .. }) {
        return Err(ApiError::bad_request(format!(
            "Connection {id} is a {} connection; only OAuth2 authorization-code connections sign in again. {}",
            spec.title,
            wrong_flow(&spec, spec.outcome())
        )));
    }
    let session = Session {
        state: random::hex(16),
        project: existing.project.clone(),
        provider: existing.provider.clone(),
        group_ref: existing.group_ref.clone(),
        group_name: existing.group_name.clone(),
        consumer_ref: existing.consumer_ref.clone(),
        consumer_name: existing.consumer_name.clone(),
        workspace_ref: existing.workspace_ref.clone(),
        metadata: existing.metadata.clone(),
        received: BTreeMap::new(),
        auth_scheme: existing.auth_scheme.clone(),
        connection_id: Some(existing.id.clone()),
        coop,
        outcome: None,
    };
    let url = consent_url(origin, &session.state);
    state
        .store
        .run(move |db| db.put_session(KIND, &session.state.clone(), &session))
        .await?;
    Ok(text_plain(url))
}

/// The query of the consent page.
#[derive(Debug, Deserialize)]
pub struct ConsentQuery {
    /// The OAuth `state`.
    pub state: Option<String>,
}

fn unknown_state() -> Response {
    pages::respond(
        StatusCode::NOT_FOUND,
        pages::error(
            "This sign-in link does not work",
            "The sign-in session is unknown: it was never started here, or dev-api was reset. Start again from the form.",
        ),
        false,
    )
}

/// `GET /dev/authorize?state=...`: the consent page.
pub async fn consent_page(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ConsentQuery>,
) -> Result<Response, ApiError> {
    let Some(key) = query.state.filter(|s| !s.is_empty()) else {
        return Ok(unknown_state());
    };
    let session: Option<Session> = state.store.run(move |db| db.session(KIND, &key)).await?;
    let Some(session) = session else {
        return Ok(unknown_state());
    };
    let title = state.title(&session.provider);
    let html = pages::consent(&ConsentFacts {
        title: &title,
        provider: &session.provider,
        project: &session.project,
        group_ref: &session.group_ref,
        consumer_ref: &session.consumer_ref,
        connection_id: session.connection_id.as_deref(),
        state: &session.state,
    });
    Ok(pages::respond(StatusCode::OK, html, session.coop))
}

/// The consent form's post.
#[derive(Debug, Deserialize)]
pub struct Decision {
    /// The OAuth `state`.
    pub state: String,
    /// `approve` or `deny`.
    pub decision: String,
}

/// `POST /dev/authorize`: approve or deny, then the result page. Deciding twice gives the first
/// decision's result again, so a double submit never makes two connections.
pub async fn decide(State(state): State<AppState>, ApiForm(form): ApiForm<Decision>) -> Result<Response, ApiError> {
    let approve = match form.decision.as_str() {
        "approve" => true,
        "deny" => false,
        other => {
            return Err(ApiError::bad_request(format!(
                "decision must be approve or deny, not {other:?}."
            )));
        }
    };
    let key = form.state.clone();
    let decided = state.store.run(move |db| settle(db, &key, approve)).await?;
    let Some((session, outcome)) = decided else {
        return Ok(unknown_state());
    };
    let title = state.title(&session.provider);
    let (heading, text, message) = match &outcome {
        Outcome::Approved { connection } => (
            format!("{title} is connected"),
            format!("Connection {connection} is ready."),
            json!({ "eventType": "AUTHORIZATION_SUCCEEDED", "data": { "connection": connection } }),
        ),
        Outcome::Failed { error } => (
            format!("{title} was not connected"),
            error.clone(),
            json!({ "eventType": "AUTHORIZATION_FAILED", "data": { "error": error } }),
        ),
    };
    let message = (!session.coop).then_some(&message);
    let html = pages::oauth_result(&heading, &heading, &text, message);
    Ok(pages::respond(StatusCode::OK, html, session.coop))
}

/// Records the decision for `key` once, storing or renewing the connection on approval.
fn settle(db: &mut Db, key: &str, approve: bool) -> Result<Option<(Session, Outcome)>, ApiError> {
    let Some(mut session) = db.session::<Session>(KIND, key)? else {
        return Ok(None);
    };
    if let Some(outcome) = session.outcome.clone() {
        return Ok(Some((session, outcome)));
    }
    let outcome = if approve {
        approve_session(db, &session)?
    } else {
        Outcome::Failed {
            error: "The user denied access (dev-api consent page).".to_owned(),
        }
    };
    session.outcome = Some(outcome.clone());
    db.put_session(KIND, key, &session)?;
    Ok(Some((session, outcome)))
}

fn approve_session(db: &mut Db, session: &Session) -> Result<Outcome, ApiError> {
    let owner = session.owner();
    if let Some(id) = &session.connection_id {
        return Ok(match db.get(&owner.project, id)? {
            Some(mut connection) => {
                connection.update_time = Some(clock::now());
                db.update(&connection)?;
                Outcome::Approved {
                    connection: connection.id,
                }
            }
            None => Outcome::Failed {
                error: format!("Connection {id} no longer exists."),
            },
        });
    }
    let connection = record::store_sign_in(
        db,
        record::SignIn {
            owner: &owner,
            provider: &session.provider,
            workspace_ref: session.workspace_ref.clone(),
            metadata: session.metadata.clone(),
            auth_scheme: session.auth_scheme.clone(),
            received: crate::received::Received {
                provider: session.provider.clone(),
                credential: "oauth2AuthorizationCode".to_owned(),
                flow: "oauthConnect".to_owned(),
                values: session.received.clone(),
            },
        },
    )?
    .id;
    Ok(Outcome::Approved { connection })
}
