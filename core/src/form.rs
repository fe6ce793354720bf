//! From a provider's catalog entry to the ordered fields a form asks for.

use crate::catalog::{AuthType, GrantType, InputFieldType, Provider, SelectOption};
use crate::template::Placement;

/// The part of a credential a standard field fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    /// A user name.
    Username,
    /// A password.
    Password,
    /// An OAuth2 client id.
    ClientId,
    /// An OAuth2 client secret.
    ClientSecret,
    /// OAuth2 scopes.
    Scopes,
    /// An OAuth2 access token (token import).
    AccessToken,
    /// When the access token expires (token import).
    AccessTokenExpiresAt,
    /// An OAuth2 refresh token (token import).
    RefreshToken,
    /// When the refresh token expires (token import).
    RefreshTokenExpiresAt,
}

impl Part {
    fn key(self) -> &'static str {
        match self {
            Part::Username => "username",
            Part::Password => "password",
            Part::ClientId => "clientId",
            Part::ClientSecret => "clientSecret",
            Part::Scopes => "scopes",
            Part::AccessToken => "accessToken.token",
            Part::AccessTokenExpiresAt => "accessToken.expiresAt",
            Part::RefreshToken => "refreshToken.token",
            Part::RefreshTokenExpiresAt => "refreshToken.expiresAt",
        }
    }
}

/// Where a field's value goes in the request.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// `apiKey`.
    ApiKey,
    /// `basicAuth.{username,password}`.
    Basic(Part),
    /// `oauth2ClientCredentials.{clientId,clientSecret,scopes}`.
    ClientCredentials(Part),
    /// `oauth2PasswordCredentials.{username,password,clientId,clientSecret,scopes}`.
    PasswordGrant(Part),
    /// `oauth2AuthorizationCode.{accessToken,refreshToken,scopes}` (importing tokens).
    Tokens(Part),
    /// `customAuth.{name}`.
    Custom(String),
    /// `providerMetadata.{name}` (and `providerWorkspaceRef` for `workspace`).
    Metadata(String),
}

/// The name of the metadata input whose value is also the connection's workspace.
pub const WORKSPACE: &str = "workspace";

impl Target {
    /// The field's path in the request body, as the API names it in problem `issues[].name`:
    /// `apiKey`, `basicAuth.password`, `customAuth.token`, `providerMetadata.workspace`, ...
    pub fn path(&self) -> String {
        match self {
            Target::ApiKey => "apiKey".to_owned(),
            Target::Basic(part) => format!("basicAuth.{}", part.key()),
            Target::ClientCredentials(part) => format!("oauth2ClientCredentials.{}", part.key()),
            Target::PasswordGrant(part) => format!("oauth2PasswordCredentials.{}", part.key()),
            Target::Tokens(part) => format!("oauth2AuthorizationCode.{}", part.key()),
            Target::Custom(name) => format!("customAuth.{name}"),
            Target::Metadata(name) => format!("providerMetadata.{name}"),
        }
    }

    /// The standard part this target fills, if it is not a catalog-defined input.
    pub fn part(&self) -> Option<Part> {
        match self {
            Target::Basic(part)
            | Target::ClientCredentials(part)
            | Target::PasswordGrant(part)
            | Target::Tokens(part) => Some(*part),
            _ => None,
        }
    }

    /// The key of `updateMask` that covers this target, if it can be updated.
    pub fn update_mask(&self) -> Option<&'static str> {
        match self {
            Target::ApiKey => Some("apiKey"),
            Target::Basic(_) => Some("basicAuth"),
            Target::ClientCredentials(_) => Some("oauth2ClientCredentials"),
            Target::PasswordGrant(_) => Some("oauth2PasswordCredentials"),
            Target::Metadata(_) => Some("providerMetadata"),
            Target::Tokens(_) | Target::Custom(_) => None,
        }
    }

    /// Whether the value is a credential to keep hidden.
    pub fn is_secret_by_nature(&self) -> bool {
        matches!(
            self.part(),
            Some(Part::Password | Part::ClientSecret | Part::AccessToken | Part::RefreshToken)
        ) || matches!(self, Target::ApiKey)
    }
}

/// What a field shows as its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Label {
    /// A label of ours, which the UI translates.
    Standard(StandardLabel),
    /// The provider's own wording from the catalog (a proper noun, not translated).
    Catalog(String),
}

/// Labels the UI's message catalog provides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandardLabel {
    /// "API key".
    ApiKey,
    /// "Username".
    Username,
    /// "Password".
    Password,
    /// "Client ID".
    ClientId,
    /// "Client secret".
    ClientSecret,
    /// "Scopes".
    Scopes,
    /// "Access token".
    AccessToken,
    /// "Access token expires at".
    AccessTokenExpiresAt,
    /// "Refresh token".
    RefreshToken,
    /// "Refresh token expires at".
    RefreshTokenExpiresAt,
}

impl StandardLabel {
    fn of(part: Part) -> Self {
        match part {
            Part::Username => StandardLabel::Username,
            Part::Password => StandardLabel::Password,
            Part::ClientId => StandardLabel::ClientId,
            Part::ClientSecret => StandardLabel::ClientSecret,
            Part::Scopes => StandardLabel::Scopes,
            Part::AccessToken => StandardLabel::AccessToken,
            Part::AccessTokenExpiresAt => StandardLabel::AccessTokenExpiresAt,
            Part::RefreshToken => StandardLabel::RefreshToken,
            Part::RefreshTokenExpiresAt => StandardLabel::RefreshTokenExpiresAt,
        }
    }
}

/// What kind of control a field is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// A plain text input.
    Text,
    /// A masked input with a show/hide toggle.
    Secret,
    /// One of fixed options.
    Select(Vec<SelectOption>),
    /// A list of OAuth2 scopes, typed separated by spaces, commas or new lines.
    Scopes,
    /// A date and time (RFC 3339), e.g. a token's expiry.
    DateTime,
}

/// One field of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    /// Where the value goes.
    pub target: Target,
    /// What the field is called.
    pub label: Label,
    /// The control.
    pub kind: FieldKind,
    /// Whether the form can be submitted without it.
    pub required: bool,
    /// "Where do I find this?": a page of the provider's or the API vendor's documentation.
    pub docs_url: Option<String>,
    /// An example to show as a placeholder. Never a value.
    pub example: Option<String>,
    /// The HTML `autocomplete` value that lets browsers and password managers help.
    pub autocomplete: &'static str,
    /// Where a metadata value lands in the provider's URLs (`Free` for everything else).
    pub placement: Placement,
}

impl FieldSpec {
    /// The field's path in the request body (see [`Target::path`]).
    pub fn path(&self) -> String {
        self.target.path()
    }

    /// An id for the DOM: the path with only letters, digits, `-` and `_`.
    pub fn dom_id(&self) -> String {
        let mut id = String::from("f-");
        for c in self.path().chars() {
            id.push(if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' });
        }
        id
    }

    fn standard(
        target: Target,
        kind: FieldKind,
        required: bool,
        docs: Option<&str>,
        autocomplete: &'static str,
    ) -> Self {
        let label = match (&target, target.part()) {
            (_, Some(part)) => StandardLabel::of(part),
            _ => StandardLabel::ApiKey,
        };
        FieldSpec {
            target,
            label: Label::Standard(label),
            kind,
            required,
            docs_url: docs.map(str::to_owned),
            example: None,
            autocomplete,
            placement: Placement::Free,
        }
    }
}

/// The credential a form that submits to `connections:generate` builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// `apiKey`.
    ApiKey,
    /// `basicAuth`.
    Basic,
    /// `customAuth`.
    Custom,
    /// `oauth2ClientCredentials`.
    ClientCredentials,
    /// `oauth2PasswordCredentials`: a legacy grant that hands the user's password to the app.
    PasswordGrant,
    /// `oauth2AuthorizationCode`: importing tokens obtained elsewhere.
    Tokens,
}

impl Credential {
    /// The key of the request body that carries this credential.
    pub fn key(self) -> &'static str {
        match self {
            Credential::ApiKey => "apiKey",
            Credential::Basic => "basicAuth",
            Credential::Custom => "customAuth",
            Credential::ClientCredentials => "oauth2ClientCredentials",
            Credential::PasswordGrant => "oauth2PasswordCredentials",
            Credential::Tokens => "oauth2AuthorizationCode",
        }
    }
}

/// Why a provider cannot be connected with this form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsupported {
    /// `authType: jwt`: the API has no end-user flow for it.
    Jwt,
    /// `authType: none`: there is nothing to connect.
    NoAuth,
    /// An `authType` this version does not know.
    UnknownAuthType(String),
    /// An OAuth2 grant this version does not know.
    UnknownGrantType(String),
    /// The catalog entry lacks the settings its auth type needs (e.g. `oauth2Opts`).
    MissingOptions(&'static str),
    /// A custom-auth provider whose catalog entry asks nothing of the user.
    NothingToAsk,
    /// Token import was asked for a provider without an authorization-code grant.
    NoTokenImport,
}

/// How the form gets the user connected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flow {
    /// Submit the fields to `connections:generate`.
    Generate(Credential),
    /// Ask the fields that must be known before sign-in, then "Continue to {Provider}" (OAuth2
    /// authorization code, `pkce` when the grant is the PKCE one).
    ContinueWithProvider {
        /// The grant is `authorizationCodePKCE`.
        pkce: bool,
    },
    /// Custom auth in several steps through `/custom-auth/connect`.
    MultiStep,
    /// This form cannot connect the provider; the UI says why.
    Unsupported(Unsupported),
}

/// A provider's form: what to ask and how to connect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormSpec {
    /// The provider's identifier.
    pub provider: String,
    /// The provider's name to show.
    pub title: String,
    /// How the user gets connected.
    pub flow: Flow,
    /// The fields, in the order to ask them.
    pub fields: Vec<FieldSpec>,
    /// The catalog marks the provider experimental.
    pub experimental: bool,
}

/// A rough count of what a form ends up as, for reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    /// A form that submits.
    Form,
    /// Continue with the provider (OAuth2 sign-in).
    ContinueWithProvider,
    /// Multi-step custom auth.
    MultiStep,
    /// Not supported.
    Unsupported,
}

impl FormSpec {
    /// The form for a provider, with the metadata inputs of `module` (else the provider's default
    /// module, else all of them).
    pub fn for_provider(provider: &Provider, module: Option<&str>) -> FormSpec {
        let flow = flow_of(provider);
        let mut fields = Vec::new();
        if !matches!(flow, Flow::Unsupported(_)) {
            fields.extend(metadata_fields(provider, module, &flow));
            fields.extend(credential_fields(provider, &flow));
        }
        FormSpec {
            provider: provider.name.clone(),
            title: provider.title().to_owned(),
            flow,
            fields,
            experimental: provider.is_experimental(),
        }
    }

    /// The form for importing OAuth2 tokens obtained elsewhere (`oauth2AuthorizationCode`), for
    /// products migrating connections. Only authorization-code providers have one.
    pub fn token_import(provider: &Provider, module: Option<&str>) -> FormSpec {
        let is_code_grant = matches!(
            provider.grant_type(),
            Some(GrantType::AuthorizationCode | GrantType::AuthorizationCodePkce)
        ) && provider.auth_type == AuthType::OAuth2;
        let flow = if is_code_grant {
            Flow::Generate(Credential::Tokens)
        } else {
            Flow::Unsupported(Unsupported::NoTokenImport)
        };
        let mut fields = Vec::new();
        if is_code_grant {
            fields.extend(metadata_fields(provider, module, &flow));
            let tokens = [
                (Part::AccessToken, FieldKind::Secret, true),
                (Part::AccessTokenExpiresAt, FieldKind::DateTime, false),
                (Part::RefreshToken, FieldKind::Secret, false),
                (Part::RefreshTokenExpiresAt, FieldKind::DateTime, false),
                (Part::Scopes, FieldKind::Scopes, false),
            ];
            for (part, kind, required) in tokens {
                let mut field = FieldSpec::standard(Target::Tokens(part), kind, required, None, "off");
                if field.kind == FieldKind::DateTime {
                    field.example = Some("2027-01-31T12:00:00Z".to_owned());
                }
                fields.push(field);
            }
        }
        FormSpec {
            provider: provider.name.clone(),
            title: provider.title().to_owned(),
            flow,
            fields,
            experimental: provider.is_experimental(),
        }
    }

    /// The field filling `target`.
    pub fn field(&self, target: &Target) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| &f.target == target)
    }

    /// The field a request path names (`basicAuth.username`, `providerWorkspaceRef`,
    /// `/providerMetadata/workspace/value`, `customAuth.token`, `oauth2ClientCredentials.scopes[1]`).
    pub fn field_for_path(&self, path: &str) -> Option<&FieldSpec> {
        let normalized = normalize_path(path);
        if normalized == "providerWorkspaceRef" {
            return self.field(&Target::Metadata(WORKSPACE.to_owned()));
        }
        self.fields.iter().find(|field| {
            let own = field.path();
            normalized == own
                || normalized
                    .strip_prefix(own.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    }

    /// Whether the provider uses a legacy grant the UI should warn about (OAuth2 password).
    pub fn legacy_grant(&self) -> bool {
        self.flow == Flow::Generate(Credential::PasswordGrant)
    }

    /// What this form ends up as.
    pub fn outcome(&self) -> Outcome {
        match self.flow {
            Flow::Generate(_) => Outcome::Form,
            Flow::ContinueWithProvider { .. } => Outcome::ContinueWithProvider,
            Flow::MultiStep => Outcome::MultiStep,
            Flow::Unsupported(_) => Outcome::Unsupported,
        }
    }
}

/// `/basicAuth/username`, `body.basicAuth.username`, `$.apiKey`, `scopes[0]` → dotted path without
/// indexes.
fn normalize_path(path: &str) -> String {
    let trimmed = path.trim();
    let trimmed = trimmed.strip_prefix("$.").unwrap_or(trimmed);
    let trimmed = trimmed.strip_prefix("body.").unwrap_or(trimmed);
    let trimmed = trimmed.trim_start_matches('/');
    let mut out = String::new();
    let mut in_index = false;
    for c in trimmed.chars() {
        match c {
            '[' => in_index = true,
            ']' => in_index = false,
            '/' if !in_index => out.push('.'),
            _ if !in_index => out.push(c),
            _ => {}
        }
    }
    // `.value` of a metadata entry names the entry itself.
    if let Some(stripped) = out.strip_suffix(".value")
        && stripped.starts_with("providerMetadata.")
    {
        return stripped.to_owned();
    }
    out
}

/// How a provider's users get connected with this form.
pub fn flow_of(provider: &Provider) -> Flow {
    match &provider.auth_type {
        AuthType::ApiKey => Flow::Generate(Credential::ApiKey),
        AuthType::Basic => Flow::Generate(Credential::Basic),
        AuthType::Custom => match &provider.custom_opts {
            Some(opts) if opts.multi_step => Flow::MultiStep,
            Some(opts) if !opts.inputs.is_empty() => Flow::Generate(Credential::Custom),
            _ => Flow::Unsupported(Unsupported::NothingToAsk),
        },
        AuthType::OAuth2 => match provider.grant_type() {
            None => Flow::Unsupported(Unsupported::MissingOptions("oauth2Opts")),
            Some(GrantType::AuthorizationCode) => Flow::ContinueWithProvider { pkce: false },
            Some(GrantType::AuthorizationCodePkce) => Flow::ContinueWithProvider { pkce: true },
            Some(GrantType::ClientCredentials) => Flow::Generate(Credential::ClientCredentials),
            Some(GrantType::Password) => Flow::Generate(Credential::PasswordGrant),
            Some(GrantType::Unknown(grant)) => Flow::Unsupported(Unsupported::UnknownGrantType(grant.clone())),
        },
        AuthType::Jwt => Flow::Unsupported(Unsupported::Jwt),
        AuthType::None => Flow::Unsupported(Unsupported::NoAuth),
        AuthType::Unknown(kind) => Flow::Unsupported(Unsupported::UnknownAuthType(kind.clone())),
    }
}

fn metadata_fields(provider: &Provider, module: Option<&str>, flow: &Flow) -> Vec<FieldSpec> {
    let module = module
        .filter(|m| !m.is_empty())
        .or(Some(provider.default_module.as_str()).filter(|m| !m.is_empty()));
    // With a sign-in, a provider whose token names the workspace (Salesforce's instance_url) lets
    // the API learn the workspace, so asking for it first is optional.
    let workspace_from_token = matches!(flow, Flow::ContinueWithProvider { .. })
        && provider
            .oauth2_opts
            .as_ref()
            .is_some_and(|o| o.token_metadata_fields.workspace_ref_field.is_some());
    let inputs = provider.metadata.iter().flat_map(|m| m.input.iter());
    inputs
        .filter(|input| match (&input.module_dependencies, module) {
            (None, _) | (_, None) => true,
            (Some(deps), _) if deps.is_empty() => true,
            (Some(deps), Some(module)) => deps.iter().any(|d| d == module),
        })
        .map(|input| {
            let label = input
                .display_name
                .as_deref()
                .filter(|l| !l.trim().is_empty())
                .unwrap_or(&input.name);
            FieldSpec {
                target: Target::Metadata(input.name.clone()),
                label: Label::Catalog(label.to_owned()),
                kind: FieldKind::Text,
                required: !(workspace_from_token && input.name == WORKSPACE),
                docs_url: input.docs_url.clone(),
                example: input.default_value.clone().filter(|v| !v.trim().is_empty()),
                autocomplete: "on",
                placement: Placement::of(&input.name, provider.url_templates()),
            }
        })
        .collect()
}

fn credential_fields(provider: &Provider, flow: &Flow) -> Vec<FieldSpec> {
    use FieldKind::{Scopes, Secret, Text};
    let oauth = provider.oauth2_opts.as_ref();
    let oauth_docs = oauth.and_then(|o| o.docs_url.as_deref());
    let scopes_required = oauth.is_some_and(|o| o.explicit_scopes_required);
    match flow {
        Flow::Generate(Credential::ApiKey) => {
            let docs = provider.api_key_opts.as_ref().and_then(|o| o.docs_url.as_deref());
            vec![FieldSpec::standard(
                Target::ApiKey,
                Secret,
                true,
                docs,
                "current-password",
            )]
        }
        Flow::Generate(Credential::Basic) => {
            let opts = provider.basic_opts.clone().unwrap_or_default();
            let docs = opts.docs_url.as_deref();
            if opts.api_key_as_basic {
                let into_username = opts
                    .api_key_as_basic_opts
                    .and_then(|o| o.field_used)
                    .is_some_and(|f| f == "username");
                let part = if into_username { Part::Username } else { Part::Password };
                let mut field = FieldSpec::standard(Target::Basic(part), Secret, true, docs, "current-password");
                field.label = Label::Standard(StandardLabel::ApiKey);
                return vec![field];
            }
            vec![
                FieldSpec::standard(Target::Basic(Part::Username), Text, true, docs, "username"),
                FieldSpec::standard(Target::Basic(Part::Password), Secret, true, docs, "current-password"),
            ]
        }
        Flow::Generate(Credential::ClientCredentials) => {
            let t = Target::ClientCredentials;
            let mut fields = vec![
                FieldSpec::standard(t(Part::ClientId), Text, true, oauth_docs, "username"),
                FieldSpec::standard(t(Part::ClientSecret), Secret, true, oauth_docs, "current-password"),
            ];
            if scopes_required {
                fields.push(FieldSpec::standard(t(Part::Scopes), Scopes, true, oauth_docs, "off"));
            }
            fields
        }
        Flow::Generate(Credential::PasswordGrant) => {
            let t = Target::PasswordGrant;
            vec![
                FieldSpec::standard(t(Part::Username), Text, true, oauth_docs, "username"),
                FieldSpec::standard(t(Part::Password), Secret, true, oauth_docs, "current-password"),
                FieldSpec::standard(t(Part::ClientId), Text, true, oauth_docs, "off"),
                FieldSpec::standard(t(Part::ClientSecret), Secret, true, oauth_docs, "off"),
                FieldSpec::standard(t(Part::Scopes), Scopes, scopes_required, oauth_docs, "off"),
            ]
        }
        Flow::Generate(Credential::Custom) | Flow::MultiStep => provider
            .custom_opts
            .iter()
            .flat_map(|opts| opts.inputs.iter())
            .map(|input| {
                let kind = match &input.field_type {
                    Some(InputFieldType::Text) => Text,
                    Some(InputFieldType::Select) if !input.options.is_empty() => {
                        FieldKind::Select(input.options.clone())
                    }
                    Some(InputFieldType::Select) => Text,
                    // Absent means password; an unknown kind is masked too, the safer guess.
                    Some(InputFieldType::Password | InputFieldType::Unknown(_)) | None => Secret,
                };
                let autocomplete = match kind {
                    Secret => "current-password",
                    _ if looks_like_user_name(&input.name) => "username",
                    _ => "off",
                };
                let label = if input.display_name.trim().is_empty() {
                    &input.name
                } else {
                    &input.display_name
                };
                FieldSpec {
                    target: Target::Custom(input.name.clone()),
                    label: Label::Catalog(label.clone()),
                    kind,
                    required: true,
                    docs_url: input.docs_url.clone(),
                    example: None,
                    autocomplete,
                    placement: Placement::Free,
                }
            })
            .collect(),
        Flow::Generate(Credential::Tokens) | Flow::ContinueWithProvider { .. } | Flow::Unsupported(_) => Vec::new(),
    }
}

fn looks_like_user_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "username" || lower == "user" || lower.ends_with("username")
}
