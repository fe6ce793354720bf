//! The English sentences of this server. `connect-core` names what is wrong with typed values and
//! leaves the words to each user of it; these are the API's words, for developers reading a problem
//! document.

use connect_core::assemble::{IssueKind, RequestIssue};
use connect_core::form::{FieldSpec, FormSpec, Label, Outcome, StandardLabel};
use connect_core::problem::Issue;
use connect_core::template::Placement;
use connect_core::validate::{FieldError, FieldErrorKind};

use crate::problem::issue;

/// What a field is called, for a sentence.
pub fn label(field: &FieldSpec) -> String {
    match &field.label {
        Label::Catalog(text) => text.clone(),
        Label::Standard(standard) => match standard {
            StandardLabel::ApiKey => "API key",
            StandardLabel::Username => "Username",
            StandardLabel::Password => "Password",
            StandardLabel::ClientId => "Client ID",
            StandardLabel::ClientSecret => "Client secret",
            StandardLabel::Scopes => "Scopes",
            StandardLabel::AccessToken => "Access token",
            StandardLabel::AccessTokenExpiresAt => "Access token expiry",
            StandardLabel::RefreshToken => "Refresh token",
            StandardLabel::RefreshTokenExpiresAt => "Refresh token expiry",
        }
        .to_owned(),
    }
}

/// Why a value was refused, as a sentence about the field (`label` is what the form calls it).
pub fn field_error(kind: &FieldErrorKind, label: &str, field: Option<&FieldSpec>) -> String {
    match kind {
        FieldErrorKind::Required => format!("{label} is required."),
        FieldErrorKind::TooLong { max } => format!("{label} is longer than {max} characters."),
        FieldErrorKind::ControlCharacter => format!(
            "{label} contains a control character or an invisible formatting character, which usually comes \
             from copying; type the value again."
        ),
        FieldErrorKind::NotAnOption => {
            let options: Vec<String> = match field.map(|f| &f.kind) {
                Some(connect_core::FieldKind::Select(options)) => options.iter().map(|o| o.value.clone()).collect(),
                _ => Vec::new(),
            };
            if options.is_empty() {
                format!("{label} is not one of the allowed options.")
            } else {
                format!("{label} must be one of: {}.", options.join(", "))
            }
        }
        FieldErrorKind::InvalidLabel => {
            let example = match field.map(|f| &f.placement) {
                Some(Placement::HostLabel(slots)) => slots
                    .first()
                    .map(|s| format!(" (the part marked * in {})", s.host_pattern()))
                    .unwrap_or_default(),
                _ => String::new(),
            };
            format!("{label} must be a single name of letters, digits and hyphens, without dots{example}.")
        }
        FieldErrorKind::InvalidHost => format!("{label} must be a host name such as acme.example.com."),
        FieldErrorKind::InvalidUrl => format!("{label} must be a URL such as https://acme.example.com."),
        FieldErrorKind::NotHttps => format!("{label} must be an https:// address."),
        FieldErrorKind::CredentialsInUrl => {
            format!("{label} must not contain a user name or password (the user:password@ part of an address).")
        }
        FieldErrorKind::AddressMismatch { expected } => {
            format!("{label} does not match {expected}; give only the part marked *.")
        }
        FieldErrorKind::InvalidPathSegment => {
            format!("{label} must be a single path segment: letters, digits, hyphens, dots, underscores or tildes.")
        }
        FieldErrorKind::ScopeTooLong { max } => format!("A scope in {label} is longer than {max} characters."),
        FieldErrorKind::TooManyScopes { max } => format!("{label} lists more than {max} scopes."),
        FieldErrorKind::InvalidDateTime => {
            format!("{label} must be a date and time such as 2027-01-31T12:00:00Z (RFC 3339).")
        }
        FieldErrorKind::NotUpdatable => {
            format!("{label} cannot be changed on an existing connection; delete the connection and create it again.")
        }
    }
}

/// The problem issues for values `connect_core::validate::validate` refused.
pub fn field_issues(spec: &FormSpec, errors: Vec<FieldError>) -> Vec<Issue> {
    errors
        .into_iter()
        .map(|e| {
            let field = spec.field(&e.target);
            let label = field.map(label).unwrap_or_else(|| e.target.path());
            issue(e.target.path(), field_error(&e.kind, &label, field))
        })
        .collect()
}

/// How a provider's form connects, as the endpoint to use.
pub fn endpoint_for(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Form => "POST /v1/projects/{projectIdOrName}/connections:generate",
        Outcome::ContinueWithProvider => "POST /v1/oauth-connect (an OAuth sign-in in a popup)",
        Outcome::MultiStep => "POST /v1/custom-auth/connect",
        Outcome::Unsupported => "no endpoint: this form cannot connect it",
    }
}

/// The problem issues for what `connect-core` found wrong with a request.
pub fn request_issues(spec: &FormSpec, issues: Vec<RequestIssue>) -> Vec<Issue> {
    issues
        .into_iter()
        .map(|found| {
            let detail = match &found.kind {
                IssueKind::Field(kind) => {
                    let field = spec.field_for_path(&found.name);
                    let label = field.map(label).unwrap_or_else(|| found.name.clone());
                    field_error(kind, &label, field)
                }
                IssueKind::NotForThisProvider => format!(
                    "{} does not use {}; send only what its form asks for.",
                    spec.title, found.name
                ),
                IssueKind::WrongFlow(outcome) => wrong_flow(spec, *outcome),
            };
            issue(found.name, detail)
        })
        .collect()
}

/// A sentence for a provider sent to the wrong endpoint.
pub fn wrong_flow(spec: &FormSpec, outcome: Outcome) -> String {
    match outcome {
        Outcome::Unsupported => format!("{} cannot be connected through this API's end-user flows.", spec.title),
        other => format!("{} is connected with {}.", spec.title, endpoint_for(other)),
    }
}
