//! From a checked request to what is stored: the metadata as the form's checks accepted it, the
//! auth scheme of the provider's flow, the record of what arrived.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use connect_core::api::{ConnectionRequest, MetadataValue};
use connect_core::catalog::{GrantType, Provider};
use connect_core::form::{Credential, Flow, FormSpec, Target, WORKSPACE};
use connect_core::validate::Validated;

use crate::clock;
use crate::problem::ApiError;
use crate::random;
use crate::received::{Received, values_of};
use crate::store::{Db, StoredConnection};

/// Who a connection is for, with display names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Owner {
    /// The project.
    pub project: String,
    /// The group.
    pub group_ref: String,
    /// The group's name.
    pub group_name: Option<String>,
    /// The consumer.
    pub consumer_ref: String,
    /// The consumer's name.
    pub consumer_name: Option<String>,
}

fn clean(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

impl Owner {
    /// The owner named by a request's refs and names (trimmed; empty names dropped).
    pub fn new(
        project: &str,
        group_ref: &str,
        group_name: &Option<String>,
        consumer_ref: &str,
        consumer_name: &Option<String>,
    ) -> Self {
        Owner {
            project: project.to_owned(),
            group_ref: group_ref.trim().to_owned(),
            group_name: clean(group_name),
            consumer_ref: consumer_ref.trim().to_owned(),
            consumer_name: clean(consumer_name),
        }
    }
}

/// The metadata and workspace to store: what arrived, with the values the form's checks reshaped
/// (a pasted address reduced to its subdomain) as they were accepted.
pub fn metadata_of(
    validated: &Validated,
    request: &ConnectionRequest,
) -> (BTreeMap<String, MetadataValue>, Option<String>) {
    let mut metadata: BTreeMap<String, MetadataValue> = request
        .provider_metadata
        .iter()
        .flatten()
        .map(|(name, entry)| (name.clone(), MetadataValue::input(entry.value.trim())))
        .collect();
    for (target, value) in validated.iter() {
        if let Target::Metadata(name) = target {
            metadata.insert(name.clone(), MetadataValue::input(value.text()));
        }
    }
    let workspace = validated
        .text(&Target::Metadata(WORKSPACE.to_owned()))
        .or_else(|| clean(&request.provider_workspace_ref));
    (metadata, workspace)
}

/// `Connection.authScheme` for a provider's flow. The schema's enum has no value for custom auth;
/// `none` is the closest (the API authenticates with inputs, not a scheme it names).
pub fn auth_scheme(flow: &Flow, provider: &Provider) -> &'static str {
    let pkce = matches!(provider.grant_type(), Some(GrantType::AuthorizationCodePkce));
    match flow {
        Flow::Generate(Credential::ApiKey) => "apiKey",
        Flow::Generate(Credential::Basic) => "basic",
        Flow::Generate(Credential::ClientCredentials) => "oauth2/clientCredentials",
        Flow::Generate(Credential::PasswordGrant) => "oauth2/password",
        Flow::Generate(Credential::Tokens) | Flow::ContinueWithProvider { .. } if pkce => {
            "oauth2/authorizationCodePKCE"
        }
        Flow::Generate(Credential::Tokens) | Flow::ContinueWithProvider { .. } => "oauth2/authorizationCode",
        Flow::Generate(Credential::Custom) | Flow::MultiStep | Flow::Unsupported(_) => "none",
    }
}

/// The request key of a flow's credential, for the record of what arrived.
pub fn credential_key(flow: &Flow) -> &'static str {
    match flow {
        Flow::Generate(credential) => credential.key(),
        Flow::ContinueWithProvider { .. } => Credential::Tokens.key(),
        Flow::MultiStep | Flow::Unsupported(_) => Credential::Custom.key(),
    }
}

/// A new connection for a checked request.
pub fn new_connection(
    owner: &Owner,
    provider: &Provider,
    spec: &FormSpec,
    validated: &Validated,
    request: &ConnectionRequest,
    flow_name: &str,
) -> StoredConnection {
    let (metadata, workspace_ref) = metadata_of(validated, request);
    let values = connect_core::assemble::values_from_request(spec, request);
    StoredConnection {
        id: random::connection_id(),
        project: owner.project.clone(),
        provider: provider.name.clone(),
        group_ref: owner.group_ref.clone(),
        group_name: owner.group_name.clone(),
        consumer_ref: owner.consumer_ref.clone(),
        consumer_name: owner.consumer_name.clone(),
        workspace_ref,
        metadata,
        auth_scheme: auth_scheme(&spec.flow, provider).to_owned(),
        create_time: clock::now(),
        update_time: None,
        received: Received {
            provider: provider.name.clone(),
            credential: credential_key(&spec.flow).to_owned(),
            flow: flow_name.to_owned(),
            values: values_of(spec, &values, request),
        },
    }
}

/// What a sign-in flow (the OAuth consent page, or the custom-auth redirect) knows when it completes.
pub struct SignIn<'a> {
    /// Who signed in.
    pub owner: &'a Owner,
    /// The provider.
    pub provider: &'a str,
    /// The workspace given before sign-in.
    pub workspace_ref: Option<String>,
    /// Metadata given before sign-in.
    pub metadata: BTreeMap<String, MetadataValue>,
    /// The connection's `authScheme`.
    pub auth_scheme: String,
    /// What arrived, for `/dev/.../received`.
    pub received: Received,
}

/// Stores the connection a sign-in made: the end user's existing connection to the provider is
/// renewed (as signing in again does), otherwise a new one is inserted. The store runs one piece of
/// work at a time, so nothing can take the identity between the lookup and the insert; should it,
/// that connection is the answer.
pub fn store_sign_in(db: &mut Db, sign_in: SignIn<'_>) -> Result<StoredConnection, ApiError> {
    let owner = sign_in.owner;
    let fresh = StoredConnection {
        id: random::connection_id(),
        project: owner.project.clone(),
        provider: sign_in.provider.to_owned(),
        group_ref: owner.group_ref.clone(),
        group_name: owner.group_name.clone(),
        consumer_ref: owner.consumer_ref.clone(),
        consumer_name: owner.consumer_name.clone(),
        workspace_ref: sign_in.workspace_ref,
        metadata: sign_in.metadata,
        auth_scheme: sign_in.auth_scheme,
        create_time: clock::now(),
        update_time: None,
        received: sign_in.received,
    };
    match db.find(&owner.project, &fresh.provider, &owner.group_ref, &owner.consumer_ref)? {
        Some(existing) => {
            let renewed = renew(&existing, fresh);
            db.update(&renewed)?;
            Ok(renewed)
        }
        None => match db.insert(&fresh)? {
            None => Ok(fresh),
            Some(taken) => db.get(&owner.project, &taken)?.ok_or_else(|| {
                ApiError::new(
                    StatusCode::CONFLICT,
                    "already-connected",
                    format!("Connection {taken} vanished."),
                )
            }),
        },
    }
}

/// Carries a re-authorization over to an existing connection: new metadata, names and record, the
/// same id and creation time.
pub fn renew(existing: &StoredConnection, fresh: StoredConnection) -> StoredConnection {
    StoredConnection {
        id: existing.id.clone(),
        create_time: existing.create_time,
        group_name: fresh.group_name.or_else(|| existing.group_name.clone()),
        consumer_name: fresh.consumer_name.or_else(|| existing.consumer_name.clone()),
        update_time: Some(clock::now()),
        ..fresh
    }
}
