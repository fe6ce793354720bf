//! From checked values to the bodies the API receives, and back: the local API reads a request into
//! form values and runs the very same checks.

use std::collections::BTreeMap;

use crate::api::{
    AuthorizationCodeTokens, BasicAuth, ClientCredentials, ConnectionRequest, ConnectionSummary,
    CustomAuthConnectRequest, MetadataValue, OAuthConnectRequest, PasswordCredentials, Token, UpdateConnectionRequest,
};
use crate::form::{Credential, FieldSpec, Flow, FormSpec, Outcome, Part, Target, WORKSPACE};
use crate::secret::Secret;
use crate::validate::{FieldError, FieldErrorKind, FieldValue, FormValues, Validated, validate};

/// Who is connecting, as the embedding product identifies them. Never typed by the end user.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    /// The end user's group (`groupRef`), required.
    pub group_ref: String,
    /// The group's display name.
    pub group_name: Option<String>,
    /// The end user (`consumerRef`), required.
    pub consumer_ref: String,
    /// The end user's display name.
    pub consumer_name: Option<String>,
}

impl Identity {
    /// The first missing required reference, by its configuration name.
    pub fn missing(&self) -> Option<&'static str> {
        if self.consumer_ref.trim().is_empty() {
            Some("consumerRef")
        } else if self.group_ref.trim().is_empty() {
            Some("groupRef")
        } else {
            None
        }
    }

    fn name(value: &Option<String>) -> Option<String> {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }
}

/// Why a body could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssembleError {
    /// The form's flow does not use this body (e.g. a generate request for an OAuth sign-in).
    #[error("this provider's form does not connect that way ({0:?})")]
    WrongFlow(Outcome),
    /// A required reference of the embedding product is missing.
    #[error("{0} is missing")]
    MissingIdentity(&'static str),
    /// A value the body needs was not given.
    #[error("{} is missing", .0.path())]
    Missing(Target),
    /// An update that changes nothing.
    #[error("nothing was changed")]
    NothingChanged,
    /// Values were refused.
    #[error("{} value(s) refused", .0.len())]
    Invalid(Vec<FieldError>),
}

fn secret(value: &FieldValue) -> Secret {
    match value {
        FieldValue::Secret(secret) => secret.clone(),
        other => Secret::new(other.text()),
    }
}

fn required_text(values: &Validated, target: Target) -> Result<String, AssembleError> {
    values.text(&target).ok_or(AssembleError::Missing(target))
}

fn required_secret(values: &Validated, target: Target) -> Result<Secret, AssembleError> {
    values.get(&target).map(secret).ok_or(AssembleError::Missing(target))
}

fn list(values: &Validated, target: Target) -> Option<Vec<String>> {
    match values.get(&target) {
        Some(FieldValue::List(list)) => Some(list.clone()),
        Some(other) => Some(vec![other.text()]),
        None => None,
    }
}

/// The metadata of a form, as `providerMetadata` and `providerWorkspaceRef`.
fn metadata(values: &Validated) -> (Option<BTreeMap<String, MetadataValue>>, Option<String>) {
    // Inserted one by one: `collect()` into a map first sorts a vector, and that sort routine would
    // cost the browser code that `insert` does not.
    let mut entries = BTreeMap::new();
    for (target, value) in values.iter() {
        if let Target::Metadata(name) = target {
            entries.insert(name.clone(), MetadataValue::input(value.text()));
        }
    }
    let workspace = entries.get(WORKSPACE).map(|m| m.value.clone());
    ((!entries.is_empty()).then_some(entries), workspace)
}

fn custom_auth(values: &Validated) -> Option<BTreeMap<String, Secret>> {
    let mut entries = BTreeMap::new();
    for (target, value) in values.iter() {
        if let Target::Custom(name) = target {
            entries.insert(name.clone(), secret(value));
        }
    }
    (!entries.is_empty()).then_some(entries)
}

fn token(values: &Validated, token: Part, expires: Part) -> Option<Token> {
    values.get(&Target::Tokens(token)).map(|value| Token {
        token: secret(value),
        expires_at: values.text(&Target::Tokens(expires)),
        issued_at: None,
    })
}

/// Puts the credential of `credential` into `request`.
fn put_credential(
    request: &mut ConnectionRequest,
    credential: Credential,
    values: &Validated,
) -> Result<(), AssembleError> {
    match credential {
        Credential::ApiKey => request.api_key = Some(required_secret(values, Target::ApiKey)?),
        Credential::Basic => {
            let username = values.text(&Target::Basic(Part::Username));
            let password = values.get(&Target::Basic(Part::Password)).map(secret);
            if username.is_none() && password.is_none() {
                return Err(AssembleError::Missing(Target::Basic(Part::Password)));
            }
            // An API key sent as basic auth fills one half; the other is empty, as the API expects.
            request.basic_auth = Some(BasicAuth {
                username: username.unwrap_or_default(),
                password: password.unwrap_or_default(),
            });
        }
        Credential::Custom => request.custom_auth = Some(custom_auth(values).unwrap_or_default()),
        Credential::ClientCredentials => {
            let t = Target::ClientCredentials;
            request.oauth2_client_credentials = Some(ClientCredentials {
                client_id: required_text(values, t(Part::ClientId))?,
                client_secret: required_secret(values, t(Part::ClientSecret))?,
                scopes: list(values, t(Part::Scopes)),
            });
        }
        Credential::PasswordGrant => {
            let t = Target::PasswordGrant;
            request.oauth2_password_credentials = Some(PasswordCredentials {
                username: required_text(values, t(Part::Username))?,
                password: required_secret(values, t(Part::Password))?,
                client_id: required_text(values, t(Part::ClientId))?,
                client_secret: required_secret(values, t(Part::ClientSecret))?,
                scopes: list(values, t(Part::Scopes)),
            });
        }
        Credential::Tokens => {
            let access_token = token(values, Part::AccessToken, Part::AccessTokenExpiresAt)
                .ok_or(AssembleError::Missing(Target::Tokens(Part::AccessToken)))?;
            request.oauth2_authorization_code = Some(AuthorizationCodeTokens {
                access_token: Some(access_token),
                refresh_token: token(values, Part::RefreshToken, Part::RefreshTokenExpiresAt),
                scopes: list(values, Target::Tokens(Part::Scopes)),
            });
        }
    }
    Ok(())
}

/// The body of `POST /projects/{p}/connections:generate` (`GenerateConnectionRequest`).
pub fn generate_request(
    spec: &FormSpec,
    values: &Validated,
    identity: &Identity,
) -> Result<ConnectionRequest, AssembleError> {
    let Flow::Generate(credential) = spec.flow else {
        return Err(AssembleError::WrongFlow(spec.outcome()));
    };
    if let Some(missing) = identity.missing() {
        return Err(AssembleError::MissingIdentity(missing));
    }
    let (provider_metadata, provider_workspace_ref) = metadata(values);
    let mut request = ConnectionRequest {
        provider: Some(spec.provider.clone()),
        group_ref: Some(identity.group_ref.trim().to_owned()),
        group_name: Identity::name(&identity.group_name),
        consumer_ref: Some(identity.consumer_ref.trim().to_owned()),
        consumer_name: Identity::name(&identity.consumer_name),
        provider_workspace_ref,
        provider_metadata,
        ..ConnectionRequest::default()
    };
    put_credential(&mut request, credential, values)?;
    Ok(request)
}

/// The body of `POST /oauth-connect` for an authorization-code provider.
pub fn oauth_connect_request(
    spec: &FormSpec,
    values: &Validated,
    identity: &Identity,
    project: &str,
) -> Result<OAuthConnectRequest, AssembleError> {
    if !matches!(spec.flow, Flow::ContinueWithProvider { .. }) {
        return Err(AssembleError::WrongFlow(spec.outcome()));
    }
    if let Some(missing) = identity.missing() {
        return Err(AssembleError::MissingIdentity(missing));
    }
    let (provider_metadata, provider_workspace_ref) = metadata(values);
    Ok(OAuthConnectRequest {
        project_id_or_name: project.to_owned(),
        provider: spec.provider.clone(),
        group_ref: identity.group_ref.trim().to_owned(),
        group_name: Identity::name(&identity.group_name),
        consumer_ref: identity.consumer_ref.trim().to_owned(),
        consumer_name: Identity::name(&identity.consumer_name),
        provider_workspace_ref,
        provider_metadata,
    })
}

/// The first body of `POST /custom-auth/connect` for a multi-step custom provider.
pub fn custom_auth_connect_request(
    spec: &FormSpec,
    values: &Validated,
    identity: &Identity,
    project: &str,
) -> Result<CustomAuthConnectRequest, AssembleError> {
    if spec.flow != Flow::MultiStep {
        return Err(AssembleError::WrongFlow(spec.outcome()));
    }
    if let Some(missing) = identity.missing() {
        return Err(AssembleError::MissingIdentity(missing));
    }
    let (provider_metadata, _) = metadata(values);
    Ok(CustomAuthConnectRequest {
        project_id_or_name: project.to_owned(),
        provider: Some(spec.provider.clone()),
        group_ref: Some(identity.group_ref.trim().to_owned()),
        group_name: Identity::name(&identity.group_name),
        consumer_ref: Some(identity.consumer_ref.trim().to_owned()),
        consumer_name: Identity::name(&identity.consumer_name),
        provider_metadata,
        custom_auth: custom_auth(values),
        session_id: None,
        callback_params: None,
    })
}

/// A later body of `POST /custom-auth/connect`: the session and what its redirect step sent back.
pub fn custom_auth_resume_request(
    project: &str,
    session_id: &str,
    callback_params: BTreeMap<String, String>,
) -> CustomAuthConnectRequest {
    CustomAuthConnectRequest {
        project_id_or_name: project.to_owned(),
        session_id: Some(session_id.to_owned()),
        callback_params: Some(callback_params),
        ..CustomAuthConnectRequest::default()
    }
}

/// The body of `PATCH /projects/{p}/connections/{id}`: only what differs from `original` (the values
/// the form was opened with: the connection's metadata, empty credentials). A credential that is
/// changed at all must be given whole, since the API replaces it as one; metadata is sent whole for
/// the same reason.
pub fn update_request(
    spec: &FormSpec,
    current: &FormValues,
    original: &FormValues,
) -> Result<UpdateConnectionRequest, AssembleError> {
    let changed: Vec<&Target> = spec
        .fields
        .iter()
        .map(|f| &f.target)
        .filter(|t| current.get(t).trim() != original.get(t).trim())
        .collect();
    if changed.is_empty() {
        return Err(AssembleError::NothingChanged);
    }
    let mut masks: Vec<&'static str> = Vec::new();
    let mut errors = Vec::new();
    for target in &changed {
        match target.update_mask() {
            Some(mask) if !masks.contains(&mask) => masks.push(mask),
            Some(_) => {}
            None => errors.push(FieldError {
                target: (*target).clone(),
                kind: FieldErrorKind::NotUpdatable,
            }),
        }
    }
    let mut validated = Validated::default();
    let in_update = |target: &Target| target.update_mask().is_some_and(|m| masks.contains(&m));
    let update_spec = FormSpec {
        fields: spec.fields.iter().filter(|f| in_update(&f.target)).cloned().collect(),
        ..spec.clone()
    };
    match validate(&update_spec, current) {
        Ok(values) => validated = values,
        Err(mut field_errors) => errors.append(&mut field_errors),
    }
    if !errors.is_empty() {
        return Err(AssembleError::Invalid(errors));
    }
    let mut connection = ConnectionRequest::default();
    if masks.contains(&"providerMetadata") {
        let (provider_metadata, workspace) = metadata(&validated);
        let workspace_target = Target::Metadata(WORKSPACE.to_owned());
        if changed.contains(&&workspace_target) {
            masks.push("providerWorkspaceRef");
            connection.provider_workspace_ref = workspace;
        }
        connection.provider_metadata = provider_metadata;
    }
    if let Flow::Generate(credential) = spec.flow {
        let credential_mask = changed.iter().any(|t| !matches!(t, Target::Metadata(_)));
        if credential_mask {
            put_credential(&mut connection, credential, &validated)?;
        }
    }
    // In the API's order (a filter rather than a sort: it costs the download less).
    Ok(UpdateConnectionRequest {
        update_mask: crate::api::UPDATE_MASKS
            .iter()
            .filter(|m| masks.contains(m))
            .map(|m| (*m).to_owned())
            .collect(),
        connection,
    })
}

/// What the local API finds wrong with a request, by the request path it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestIssue {
    /// The path in the body (`basicAuth.password`, `apiKey`, `provider`, ...).
    pub name: String,
    /// What is wrong.
    pub kind: IssueKind,
}

/// The kinds of [`RequestIssue`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssueKind {
    /// A value refused by the form's own checks.
    Field(FieldErrorKind),
    /// A key this provider does not use (e.g. `apiKey` for a basic-auth provider).
    NotForThisProvider,
    /// The provider is not connected through this endpoint.
    WrongFlow(Outcome),
}

/// The form for updating an existing connection: the fields an `updateMask` can name, each optional,
/// since a blank credential keeps the current one. ([`update_request`] still insists that a credential
/// that is changed at all is given whole.)
pub fn update_form(spec: &FormSpec) -> FormSpec {
    FormSpec {
        fields: spec
            .fields
            .iter()
            .filter(|f| f.target.update_mask().is_some())
            .map(|f| FieldSpec {
                required: false,
                ..f.clone()
            })
            .collect(),
        ..spec.clone()
    }
}

/// The values an update form opens with: the connection's metadata and workspace. Credentials stay
/// empty: a connection never carries them.
pub fn values_from_connection(spec: &FormSpec, connection: &ConnectionSummary) -> FormValues {
    let mut values = FormValues::new();
    for field in &spec.fields {
        if let Target::Metadata(name) = &field.target {
            let value = connection
                .metadata
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone());
            let value = value.or_else(|| (name == WORKSPACE).then(|| connection.workspace.clone()).flatten());
            if let Some(value) = value {
                values.set(field.target.clone(), value);
            }
        }
    }
    values
}

/// The values of a request, by field, so the form's checks can run on what the API received.
pub fn values_from_request(spec: &FormSpec, request: &ConnectionRequest) -> FormValues {
    let mut values = FormValues::new();
    let join = |scopes: &Option<Vec<String>>| scopes.as_ref().map(|s| s.join(" ")).unwrap_or_default();
    for field in &spec.fields {
        let value = match &field.target {
            Target::ApiKey => request.api_key.as_ref().map(|s| s.expose().to_owned()),
            Target::Basic(part) => request.basic_auth.as_ref().map(|b| match part {
                Part::Username => b.username.clone(),
                _ => b.password.expose().to_owned(),
            }),
            Target::ClientCredentials(part) => request.oauth2_client_credentials.as_ref().map(|c| match part {
                Part::ClientId => c.client_id.clone(),
                Part::ClientSecret => c.client_secret.expose().to_owned(),
                _ => join(&c.scopes),
            }),
            Target::PasswordGrant(part) => request.oauth2_password_credentials.as_ref().map(|c| match part {
                Part::Username => c.username.clone(),
                Part::Password => c.password.expose().to_owned(),
                Part::ClientId => c.client_id.clone(),
                Part::ClientSecret => c.client_secret.expose().to_owned(),
                _ => join(&c.scopes),
            }),
            Target::Tokens(part) => request.oauth2_authorization_code.as_ref().and_then(|t| match part {
                Part::AccessToken => t.access_token.as_ref().map(|a| a.token.expose().to_owned()),
                Part::AccessTokenExpiresAt => t.access_token.as_ref().and_then(|a| a.expires_at.clone()),
                Part::RefreshToken => t.refresh_token.as_ref().map(|r| r.token.expose().to_owned()),
                Part::RefreshTokenExpiresAt => t.refresh_token.as_ref().and_then(|r| r.expires_at.clone()),
                _ => Some(join(&t.scopes)),
            }),
            Target::Custom(name) => request
                .custom_auth
                .as_ref()
                .and_then(|c| c.get(name))
                .map(|s| s.expose().to_owned()),
            Target::Metadata(name) => request
                .provider_metadata
                .as_ref()
                .and_then(|m| m.get(name))
                .map(|m| m.value.clone())
                .or_else(|| {
                    (name == WORKSPACE)
                        .then(|| request.provider_workspace_ref.clone())
                        .flatten()
                }),
        };
        if let Some(value) = value {
            values.set(field.target.clone(), value);
        }
    }
    values
}

/// Checks a `GenerateConnectionRequest` the way the form checks its values, plus what only a server
/// can see: credential keys that do not belong to the provider. (Required refs and the provider itself
/// are the caller's to check.)
pub fn check_generate_request(spec: &FormSpec, request: &ConnectionRequest) -> Result<Validated, Vec<RequestIssue>> {
    let Flow::Generate(credential) = spec.flow else {
        return Err(vec![RequestIssue {
            name: "provider".to_owned(),
            kind: IssueKind::WrongFlow(spec.outcome()),
        }]);
    };
    let expected = credential.key();
    let mut issues: Vec<RequestIssue> = request
        .credential_keys()
        .into_iter()
        .filter(|key| *key != expected)
        .map(|key| RequestIssue {
            name: key.to_owned(),
            kind: IssueKind::NotForThisProvider,
        })
        .collect();
    if let Some(custom) = &request.custom_auth {
        let unknown = custom
            .keys()
            .filter(|k| spec.field(&Target::Custom((*k).clone())).is_none());
        issues.extend(unknown.map(|k| RequestIssue {
            name: format!("customAuth.{k}"),
            kind: IssueKind::NotForThisProvider,
        }));
    }
    let values = values_from_request(spec, request);
    let validated = validate(spec, &values);
    match validated {
        Ok(validated) if issues.is_empty() => Ok(validated),
        Ok(_) => Err(issues),
        Err(errors) => {
            issues.extend(errors.into_iter().map(|e| RequestIssue {
                name: e.target.path(),
                kind: IssueKind::Field(e.kind),
            }));
            Err(issues)
        }
    }
}
