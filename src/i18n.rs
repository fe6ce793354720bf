//! Every sentence the user sees, keyed by id. One catalog per language; English is the only one so
//! far, and the typed errors of connect-core map to sentences here, never in core.

use connect_core::api::ConnectionStatus;
use connect_core::config::{ConfigIssue, ConfigProblem};
use connect_core::form::{Label, StandardLabel, Unsupported};
use connect_core::problem::Issue;
use connect_core::search::SignInKind;
use connect_core::settings::SettingsError;
use connect_core::validate::FieldErrorKind;

/// A message id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Msg {
    // The page.
    LoadingCatalog,
    LoadingProvider,
    ProvidersNotLoaded,
    FormNotLoaded,
    ProviderNotLoaded,
    NotLoadedText,
    TryAgain,
    LiveCatalogFallback,
    ConfigTitle,
    ConfigIntro,
    ConfigOutro,
    // The picker.
    PickerTitle,
    PickerIntro,
    SearchLabel,
    SearchExample,
    ProvidersList,
    CountNone,
    CountOne,
    CountMany,
    ShowMore,
    Beta,
    // The form.
    FormTitle,
    ChooseAnother,
    Optional,
    WhereToFind,
    OpensInNewTab,
    Show,
    Hide,
    ShowLabel,
    HideLabel,
    ChooseOption,
    ScopesHint,
    LabelHint,
    UrlHint,
    Normalized,
    Connect,
    Connecting,
    ContinueTo,
    SignInWaiting,
    SeemsClosed,
    Cancel,
    PopupBlocked,
    OpenInTab,
    ImportTokens,
    SignInInstead,
    ImportTitle,
    LegacyGrant,
    ExperimentalNote,
    CannotConnect,
    // Problems.
    SummaryTitle,
    FailureTitle,
    NetworkError,
    Timeout,
    HttpError,
    Unreadable,
    TokenError,
    WrongUser,
    RetryIn,
    RetryLater,
    IssueFallback,
    Internal,
    Reference,
    Denied,
    DeniedReason,
    WindowClosed,
    // An existing connection.
    ExistingTitle,
    Workspace,
    ConnectedOn,
    Status,
    StatusWorking,
    StatusCreated,
    StatusBadCredentials,
    UpdateCredentials,
    Reconnect,
    UpdateTitle,
    UpdateHint,
    SaveChanges,
    NothingChanged,
    UpdatedTitle,
    // Success.
    ConnectedTitle,
    ConnectedBody,
    ConnectAnother,
}

/// The sentences of one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct I18n {
    lang: &'static str,
}

impl Default for I18n {
    fn default() -> Self {
        Self { lang: "en" }
    }
}

/// What is wrong with the deployment's settings file: for whoever deploys the form, so English.
fn settings_error(error: &SettingsError) -> String {
    match error {
        SettingsError::Unreadable => "The deployment's settings.json could not be read.".to_owned(),
        SettingsError::NotAnObject => "The deployment's settings.json is not a JSON object.".to_owned(),
        SettingsError::UnknownKey(key) => fill(
            "The deployment's settings.json has a key it does not know: “{key}”.",
            &[("key", key)],
        ),
        SettingsError::NotAList(key) => fill(
            "In the deployment's settings.json, “{key}” must be a list of strings.",
            &[("key", key)],
        ),
        SettingsError::BadEntry(key, index, _) => fill(
            "In the deployment's settings.json, entry {n} of “{key}” is not an allowed address (https://, or http:// on this computer; origins without a path).",
            &[("key", key), ("n", &(index + 1).to_string())],
        ),
        SettingsError::NoApi => "The deployment's settings.json lists no API in “apiBases”.".to_owned(),
    }
}

/// Replaces `{name}` placeholders.
fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut text = template.to_owned();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

impl I18n {
    /// The catalog for a language code from the configuration (English for anything unknown: it is
    /// the only catalog so far).
    pub fn new(_lang: &str) -> Self {
        Self { lang: "en" }
    }

    /// A connection's status in words (an unknown one as the API spells it).
    pub fn status(self, status: &ConnectionStatus) -> String {
        match status {
            ConnectionStatus::Working => self.t(Msg::StatusWorking).to_owned(),
            ConnectionStatus::Created => self.t(Msg::StatusCreated).to_owned(),
            ConnectionStatus::BadCredentials => self.t(Msg::StatusBadCredentials).to_owned(),
            ConnectionStatus::Unknown(other) => other.clone(),
        }
    }

    /// The language code, for `<html lang>`.
    pub fn lang(self) -> &'static str {
        self.lang
    }

    /// A message as it is.
    pub fn t(self, msg: Msg) -> &'static str {
        english(msg)
    }

    /// A message with its `{placeholders}` filled.
    pub fn f(self, msg: Msg, args: &[(&str, &str)]) -> String {
        fill(self.t(msg), args)
    }

    /// How many providers the picker shows.
    pub fn count(self, count: usize, query: &str) -> String {
        match count {
            0 => self.f(Msg::CountNone, &[("query", query.trim())]),
            1 => self.t(Msg::CountOne).to_owned(),
            n => self.f(Msg::CountMany, &[("count", &n.to_string())]),
        }
    }

    /// A field's label.
    pub fn label(self, label: &Label) -> String {
        match label {
            Label::Catalog(text) => text.clone(),
            Label::Standard(standard) => english_label(*standard).to_owned(),
        }
    }

    /// What is wrong with a field's value.
    pub fn field_error(self, error: &FieldErrorKind, label: &str) -> String {
        let max = |max: &usize| max.to_string();
        match error {
            FieldErrorKind::Required => fill("{label} is required.", &[("label", label)]),
            FieldErrorKind::TooLong { max: m } => fill(
                "{label} must be at most {max} characters.",
                &[("label", label), ("max", &max(m))],
            ),
            FieldErrorKind::ControlCharacter => fill(
                "{label} contains an invisible or control character, which can come along when copying. \
                 Type or paste it again.",
                &[("label", label)],
            ),
            FieldErrorKind::NotAnOption => fill("Choose one of the options for {label}.", &[("label", label)]),
            FieldErrorKind::InvalidLabel => fill(
                "{label} can only contain letters, digits and hyphens, with no dots or spaces.",
                &[("label", label)],
            ),
            FieldErrorKind::InvalidHost => fill(
                "{label} must be a domain name such as example.com.",
                &[("label", label)],
            ),
            FieldErrorKind::InvalidUrl => fill(
                "{label} must be a web address such as https://example.com.",
                &[("label", label)],
            ),
            FieldErrorKind::NotHttps => fill("{label} must start with https://.", &[("label", label)]),
            FieldErrorKind::CredentialsInUrl => {
                fill("{label} must not contain a user name or password.", &[("label", label)])
            }
            FieldErrorKind::AddressMismatch { expected } => fill(
                "That address does not match {expected}. Enter only the {label}, or paste the full address.",
                &[("label", label), ("expected", expected)],
            ),
            FieldErrorKind::InvalidPathSegment => fill(
                "{label} can only contain letters, digits and the characters . - _ ~",
                &[("label", label)],
            ),
            FieldErrorKind::ScopeTooLong { max: m } => {
                fill("Each scope must be at most {max} characters.", &[("max", &max(m))])
            }
            FieldErrorKind::TooManyScopes { max: m } => fill("Enter at most {max} scopes.", &[("max", &max(m))]),
            FieldErrorKind::InvalidDateTime => fill(
                "{label} must be a date and time such as 2027-01-31T12:00:00Z.",
                &[("label", label)],
            ),
            FieldErrorKind::NotUpdatable => fill(
                "{label} cannot be changed on an existing connection.",
                &[("label", label)],
            ),
        }
    }

    /// What the API said about one value: its detail, else its title, else a plain sentence.
    pub fn issue(self, issue: &Issue) -> String {
        let text = issue
            .detail
            .as_deref()
            .or(issue.title.as_deref())
            .filter(|t| !t.trim().is_empty());
        text.unwrap_or(self.t(Msg::IssueFallback)).to_owned()
    }

    /// What is wrong with the configuration the embedding page passed.
    pub fn config_issue(self, issue: &ConfigIssue) -> String {
        let param = issue.param;
        match &issue.problem {
            ConfigProblem::Missing => fill("“{param}” is required.", &[("param", param)]),
            ConfigProblem::NotAnHttpsUrl => fill(
                "“{param}” must be an absolute https:// address (http:// only on this computer).",
                &[("param", param)],
            ),
            ConfigProblem::UrlWithExtras => fill(
                "“{param}” must not contain a user name, a password, a query or a fragment.",
                &[("param", param)],
            ),
            ConfigProblem::NotOneOf(values) => fill(
                "“{param}” must be one of: {values}.",
                &[("param", param), ("values", &values.join(", "))],
            ),
            ConfigProblem::BadCharacters => fill(
                "“{param}” contains characters that are not allowed, or is longer than 256 characters.",
                &[("param", param)],
            ),
            ConfigProblem::UnknownProvider(name) => fill(
                "“{param}” names “{name}”, which is not in the provider catalog.",
                &[("param", param), ("name", name)],
            ),
            ConfigProblem::EmptyList => fill("“{param}” names no provider.", &[("param", param)]),
            ConfigProblem::BadEncoding => "The page address is not correctly encoded.".to_owned(),
            ConfigProblem::NotAnOrigin => fill(
                "“{param}” must be an origin such as https://app.example.com, with no path.",
                &[("param", param)],
            ),
            ConfigProblem::NotAColour => fill("“{param}” must be a colour such as #2547d0.", &[("param", param)]),
            ConfigProblem::NotALength => fill(
                "“{param}” must be a length from 0 to 32px, or from 0 to 2rem.",
                &[("param", param)],
            ),
            // The value is not repeated: it is the link's, and this page must not read as its words.
            ConfigProblem::NotAllowed => fill(
                "“{param}” names an address this deployment does not allow (its settings.json lists those it does).",
                &[("param", param)],
            ),
            ConfigProblem::Repeated => fill("“{param}” is given more than once.", &[("param", param)]),
            ConfigProblem::Settings(error) => settings_error(error),
        }
    }

    /// Why a provider cannot be connected here.
    pub fn unsupported(self, reason: &Unsupported, provider: &str) -> String {
        let p = [("provider", provider)];
        match reason {
            Unsupported::Jwt => fill("{provider} uses JWT sign-in, which has no flow for end users.", &p),
            Unsupported::NoAuth => fill("{provider} needs no credentials, so there is nothing to connect.", &p),
            Unsupported::UnknownAuthType(kind) | Unsupported::UnknownGrantType(kind) => fill(
                "{provider} uses a sign-in method (“{kind}”) that this version of the form does not know yet.",
                &[("provider", provider), ("kind", kind)],
            ),
            Unsupported::MissingOptions(_) => fill("The catalog entry for {provider} is incomplete.", &p),
            Unsupported::NothingToAsk => fill("The catalog lists nothing for you to enter for {provider}.", &p),
            Unsupported::NoTokenImport => fill("{provider} has no tokens to import.", &p),
        }
    }

    /// How a provider's users sign in, for the picker.
    pub fn sign_in_kind(self, kind: SignInKind) -> &'static str {
        match kind {
            SignInKind::ApiKey => "API key",
            SignInKind::Basic => "Username and password",
            SignInKind::Custom => "Access credentials",
            SignInKind::ClientCredentials => "Client ID and secret",
            SignInKind::PasswordGrant => "Username, password and client ID",
            SignInKind::SignInWithProvider => "Sign in on the provider’s site",
            SignInKind::Unsupported => "Not available here",
        }
    }
}

fn english_label(label: StandardLabel) -> &'static str {
    match label {
        StandardLabel::ApiKey => "API key",
        StandardLabel::Username => "Username",
        StandardLabel::Password => "Password",
        StandardLabel::ClientId => "Client ID",
        StandardLabel::ClientSecret => "Client secret",
        StandardLabel::Scopes => "Scopes",
        StandardLabel::AccessToken => "Access token",
        StandardLabel::AccessTokenExpiresAt => "Access token expires at",
        StandardLabel::RefreshToken => "Refresh token",
        StandardLabel::RefreshTokenExpiresAt => "Refresh token expires at",
    }
}

fn english(msg: Msg) -> &'static str {
    match msg {
        Msg::LoadingCatalog => "Loading providers…",
        Msg::LoadingProvider => "Loading {provider}…",
        Msg::ProvidersNotLoaded => "The list of providers did not load",
        Msg::FormNotLoaded => "This form did not load",
        Msg::ProviderNotLoaded => "{provider} did not load",
        Msg::NotLoadedText => "Check your internet connection, then try again.",
        Msg::TryAgain => "Try again",
        Msg::LiveCatalogFallback => "The latest provider list could not be loaded, so the form’s own list is shown.",
        Msg::ConfigTitle => "This form is not set up correctly",
        Msg::ConfigIntro => "The page that shows this form passed settings that need fixing:",
        Msg::ConfigOutro => "If you came here from another product, please tell its support team.",
        Msg::PickerTitle => "Connect an account",
        Msg::PickerIntro => "Choose the service you want to connect.",
        Msg::SearchLabel => "Search providers",
        Msg::SearchExample => "For example, Zendesk",
        Msg::ProvidersList => "Providers",
        Msg::CountNone => "No provider matches “{query}”.",
        Msg::CountOne => "1 provider",
        Msg::CountMany => "{count} providers",
        Msg::ShowMore => "Show {count} more ({hidden} not shown)",
        Msg::Beta => "Beta",
        Msg::FormTitle => "Connect {provider}",
        Msg::ChooseAnother => "Choose another provider",
        Msg::Optional => "(optional)",
        Msg::WhereToFind => "Where do I find this?",
        Msg::OpensInNewTab => "(opens in a new tab)",
        Msg::Show => "Show",
        Msg::Hide => "Hide",
        Msg::ShowLabel => "Show {label}",
        Msg::HideLabel => "Hide {label}",
        Msg::ChooseOption => "Choose…",
        Msg::ScopesHint => "Separate scopes with spaces or commas.",
        Msg::LabelHint => "For example, “acme” in {example}. You can also paste the whole address.",
        Msg::UrlHint => "The address starts with https://. You can paste it as it appears in your browser.",
        Msg::Normalized => "We used “{value}” from the address you pasted.",
        Msg::Connect => "Connect",
        Msg::Connecting => "Connecting…",
        Msg::ContinueTo => "Continue to {provider}",
        Msg::SignInWaiting => {
            "Finish signing in to {provider} in the window that opened. This page goes on by itself when you are done."
        }
        Msg::SeemsClosed => {
            "The {provider} sign-in window seems to have closed. If you finished signing in, this page goes on by \
             itself in a moment; if not, continue to {provider} again."
        }
        Msg::Cancel => "Cancel",
        Msg::PopupBlocked => "Your browser blocked the {provider} sign-in window.",
        Msg::OpenInTab => "Open the {provider} sign-in in a new tab",
        Msg::ImportTokens => "I have tokens from another system",
        Msg::SignInInstead => "Sign in with {provider} instead",
        Msg::ImportTitle => "Import {provider} tokens",
        Msg::LegacyGrant => {
            "{provider} uses an older sign-in method: your username and password are sent to the connection \
             service to obtain an access token."
        }
        Msg::ExperimentalNote => "Support for {provider} is in beta.",
        Msg::CannotConnect => "{provider} cannot be connected here",
        Msg::SummaryTitle => "There is a problem",
        Msg::FailureTitle => "The connection could not be made",
        Msg::NetworkError => {
            "The connection service could not be reached. Check your internet connection and try again; \
             everything you typed is still here."
        }
        Msg::Timeout => {
            "The connection service took too long to answer. Try again; everything you typed is still here."
        }
        Msg::HttpError => {
            "The connection service had a problem (HTTP {status}). Try again in a moment; everything you typed \
             is still here."
        }
        Msg::Unreadable => {
            "The connection service answered, but the answer could not be read. The connection may have been \
             made: check before trying again."
        }
        Msg::TokenError => "This form could not get permission to connect your account. Reload the page and try again.",
        Msg::WrongUser => {
            "This form was opened for someone other than the user signed in, so nothing was sent. Open it again from your account’s settings."
        }
        Msg::RetryIn => "You can try again in {seconds} seconds.",
        Msg::RetryLater => "You can try again in a moment.",
        Msg::IssueFallback => "This value was not accepted.",
        Msg::Internal => "Something went wrong in this form. Reload the page and try again.",
        Msg::Reference => "Reference for support: {id}",
        Msg::Denied => "{provider} did not connect your account: access was refused or cancelled. You can try again.",
        Msg::DeniedReason => "{provider} said: {reason}",
        Msg::WindowClosed => {
            "The sign-in window closed before {provider} confirmed the connection. Nothing was connected; you can \
             try again."
        }
        Msg::ExistingTitle => "{provider} is already connected",
        Msg::Workspace => "Workspace",
        Msg::ConnectedOn => "Connected on",
        Msg::Status => "Status",
        Msg::StatusWorking => "Working",
        Msg::StatusCreated => "Being set up",
        Msg::StatusBadCredentials => "Needs new credentials",
        Msg::UpdateCredentials => "Update credentials",
        Msg::Reconnect => "Reconnect",
        Msg::UpdateTitle => "Update your {provider} connection",
        Msg::UpdateHint => "Fill in only what changes. Leave a credential blank to keep the current one.",
        Msg::SaveChanges => "Save changes",
        Msg::NothingChanged => "Nothing changed yet. Change a value to update the connection.",
        Msg::UpdatedTitle => "Your {provider} connection is updated",
        Msg::ConnectedTitle => "{provider} is connected",
        Msg::ConnectedBody => "Your account is connected. Connection ID:",
        Msg::ConnectAnother => "Connect another account",
    }
}
