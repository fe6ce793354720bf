//! Checking what the user typed, the same way in the browser and in the local API.
//!
//! Errors are typed: the UI turns them into sentences in the user's language.

use std::collections::BTreeMap;
use std::fmt;

use crate::form::{FieldKind, FieldSpec, FormSpec, Part, Target};
use crate::secret::Secret;
use crate::template::{Address, LabelSlot, PathSlot, Placement, extract_label, extract_segment};
use crate::time;

/// The longest plain text value, in characters.
pub const MAX_TEXT: usize = 1024;
/// The longest secret, in characters: room for a base64-encoded service-account key or PEM.
pub const MAX_SECRET: usize = 16 * 1024;
/// The longest DNS label.
pub const MAX_LABEL: usize = 63;
/// The longest host name.
pub const MAX_HOST: usize = 253;
/// The longest URL.
pub const MAX_URL: usize = 2048;
/// The longest single scope.
pub const MAX_SCOPE: usize = 256;
/// The most scopes in one field.
pub const MAX_SCOPES: usize = 100;

/// Why a value was refused. Each names what the UI needs to say so, nothing in English.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldErrorKind {
    /// Empty, and the field is required.
    #[error("required")]
    Required,
    /// Longer than `max` characters.
    #[error("longer than {max} characters")]
    TooLong {
        /// The limit.
        max: usize,
    },
    /// Contains a control character or an invisible formatting character (often pasted by accident).
    #[error("contains a control or invisible character")]
    ControlCharacter,
    /// Not one of the select's options.
    #[error("not one of the options")]
    NotAnOption,
    /// Not a single DNS label (letters, digits, hyphens; no dots).
    #[error("not a single DNS label")]
    InvalidLabel,
    /// Not a host name such as `acme.example.com`.
    #[error("not a host name")]
    InvalidHost,
    /// Not a URL.
    #[error("not a URL")]
    InvalidUrl,
    /// A URL that is not `https://`.
    #[error("not an https URL")]
    NotHttps,
    /// A URL with `user:password@` in it.
    #[error("the address contains credentials")]
    CredentialsInUrl,
    /// A pasted address in which the value could not be found: `expected` shows the shape, e.g.
    /// `*.zendesk.com` or `/tenants/*`.
    #[error("the address does not match {expected}")]
    AddressMismatch {
        /// The expected shape, with `*` where the value goes.
        expected: String,
    },
    /// Not a single URL path segment (letters, digits, `-`, `.`, `_`, `~`).
    #[error("not a single path segment")]
    InvalidPathSegment,
    /// One scope is longer than `max`.
    #[error("a scope is longer than {max} characters")]
    ScopeTooLong {
        /// The limit.
        max: usize,
    },
    /// More than `max` scopes.
    #[error("more than {max} scopes")]
    TooManyScopes {
        /// The limit.
        max: usize,
    },
    /// Not a date and time such as `2027-01-31T12:00:00Z`.
    #[error("not a date and time")]
    InvalidDateTime,
    /// The API cannot change this value on an existing connection.
    #[error("cannot be updated")]
    NotUpdatable,
}

/// A refused value and the field it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {kind}", target.path())]
pub struct FieldError {
    /// The field.
    pub target: Target,
    /// What is wrong.
    pub kind: FieldErrorKind,
}

/// A value that was changed to fit, to tell the user about ("We used `acme` from the address you
/// pasted").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalization {
    /// What the user typed.
    pub from: String,
    /// What will be sent.
    pub to: String,
}

/// An accepted value. (`Debug` shows secrets as `***`, through [`Secret`].)
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    /// Plain text.
    Text(String),
    /// A credential.
    Secret(Secret),
    /// A list (scopes).
    List(Vec<String>),
}

impl FieldValue {
    /// The value as text; a list is joined with spaces.
    pub fn text(&self) -> String {
        match self {
            FieldValue::Text(text) => text.clone(),
            FieldValue::Secret(secret) => secret.expose().to_owned(),
            FieldValue::List(list) => list.join(" "),
        }
    }
}

/// What checking one field gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The value to send; `None` for an empty optional field.
    pub value: Option<FieldValue>,
    /// Set when the value was taken out of a pasted address or otherwise reshaped.
    pub normalization: Option<Normalization>,
}

/// What the user typed, by field. `Debug` shows which fields are filled, never their values.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FormValues {
    values: BTreeMap<Target, String>,
}

impl fmt::Debug for FormValues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.values.keys().map(Target::path)).finish()
    }
}

impl FormValues {
    /// No values.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a field's raw text.
    pub fn set(&mut self, target: Target, value: impl Into<String>) {
        self.values.insert(target, value.into());
    }

    /// A field's raw text, empty when unset.
    pub fn get(&self, target: &Target) -> &str {
        self.values.get(target).map(String::as_str).unwrap_or("")
    }

    /// Builder form of [`FormValues::set`].
    pub fn with(mut self, target: Target, value: impl Into<String>) -> Self {
        self.set(target, value);
        self
    }
}

impl Drop for FormValues {
    fn drop(&mut self) {
        // Move each value into a Secret so it is wiped on the way out.
        for (_, value) in std::mem::take(&mut self.values) {
            drop(Secret::new(value));
        }
    }
}

/// Every value of a form, checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validated {
    values: BTreeMap<Target, FieldValue>,
    /// The values that were reshaped, to tell the user.
    pub normalizations: Vec<(Target, Normalization)>,
}

impl Validated {
    /// The accepted value of a field; `None` when it was left empty.
    pub fn get(&self, target: &Target) -> Option<&FieldValue> {
        self.values.get(target)
    }

    /// The accepted value as text.
    pub fn text(&self, target: &Target) -> Option<String> {
        self.get(target).map(FieldValue::text)
    }

    /// Every accepted value.
    pub fn iter(&self) -> impl Iterator<Item = (&Target, &FieldValue)> {
        self.values.iter()
    }
}

/// Checks every field of a form. On failure, every refused field is named, in form order.
pub fn validate(spec: &FormSpec, values: &FormValues) -> Result<Validated, Vec<FieldError>> {
    let mut validated = Validated::default();
    let mut errors = Vec::new();
    for field in &spec.fields {
        match check_field(field, values.get(&field.target)) {
            Ok(checked) => {
                if let Some(normalization) = checked.normalization {
                    validated.normalizations.push((field.target.clone(), normalization));
                }
                if let Some(value) = checked.value {
                    validated.values.insert(field.target.clone(), value);
                }
            }
            Err(kind) => errors.push(FieldError {
                target: field.target.clone(),
                kind,
            }),
        }
    }
    if errors.is_empty() { Ok(validated) } else { Err(errors) }
}

/// Checks one field's raw text, as the UI does when the user leaves the field.
pub fn check_field(field: &FieldSpec, raw: &str) -> Result<Checked, FieldErrorKind> {
    // A password may begin or end with a space on purpose; every other value is trimmed, since
    // surrounding white space there is paste noise that would make the credential fail.
    let keep_spaces = matches!(field.target.part(), Some(Part::Password));
    let value = if keep_spaces { raw } else { raw.trim() };
    if value.trim().is_empty() {
        return if field.required {
            Err(FieldErrorKind::Required)
        } else {
            Ok(Checked {
                value: None,
                normalization: None,
            })
        };
    }
    match &field.kind {
        FieldKind::Scopes => return check_scopes(value, field.required),
        FieldKind::Select(options) => {
            check_text(value, MAX_TEXT)?;
            return if options.iter().any(|o| o.value == value) {
                Ok(Checked {
                    value: Some(FieldValue::Text(value.to_owned())),
                    normalization: None,
                })
            } else {
                Err(FieldErrorKind::NotAnOption)
            };
        }
        FieldKind::DateTime => {
            check_text(value, MAX_TEXT)?;
            return match time::parse_rfc3339(value) {
                Some(_) => Ok(Checked {
                    value: Some(FieldValue::Text(value.to_owned())),
                    normalization: None,
                }),
                None => Err(FieldErrorKind::InvalidDateTime),
            };
        }
        FieldKind::Secret => {
            check_text(value, MAX_SECRET)?;
            return Ok(Checked {
                value: Some(FieldValue::Secret(Secret::new(value))),
                normalization: None,
            });
        }
        FieldKind::Text => {}
    }
    let max = match field.placement {
        Placement::BaseUrl { .. } => MAX_URL,
        _ => MAX_TEXT,
    };
    check_text(value, max)?;
    let (accepted, reshaped) = check_placement(&field.placement, value)?;
    let normalization = reshaped.then(|| Normalization {
        from: value.to_owned(),
        to: accepted.clone(),
    });
    Ok(Checked {
        value: Some(FieldValue::Text(accepted)),
        normalization,
    })
}

/// Characters that are never typed on purpose: control characters and invisible formatting
/// characters that come along when copying from web pages (zero-width spaces, direction marks,
/// byte-order marks).
pub fn is_unwanted_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

fn check_text(value: &str, max: usize) -> Result<(), FieldErrorKind> {
    if value.chars().any(is_unwanted_char) {
        return Err(FieldErrorKind::ControlCharacter);
    }
    if value.chars().count() > max {
        return Err(FieldErrorKind::TooLong { max });
    }
    Ok(())
}

/// Splits scopes on white space, commas or new lines, dropping repeats. Stops once it has found more
/// than [`MAX_SCOPES`] different scopes, which is enough to refuse the list: a pasted megabyte costs one
/// pass over the text, not a comparison of every scope with every other.
pub fn split_scopes(value: &str) -> Vec<String> {
    // The set of scopes seen, kept sorted (a few lines of code in the download, unlike a BTreeSet).
    let mut seen: Vec<&str> = Vec::new();
    let mut scopes = Vec::new();
    for scope in value.split(|c: char| c.is_whitespace() || c == ',') {
        if scopes.len() > MAX_SCOPES {
            break;
        }
        if let (false, Err(at)) = (scope.is_empty(), seen.binary_search(&scope)) {
            seen.insert(at, scope);
            scopes.push(scope.to_owned());
        }
    }
    scopes
}

fn check_scopes(value: &str, required: bool) -> Result<Checked, FieldErrorKind> {
    // Before splitting (white space separates scopes), so that no check below runs over more than the
    // allowed number of scopes.
    if value.chars().any(|c| is_unwanted_char(c) && !c.is_whitespace()) {
        return Err(FieldErrorKind::ControlCharacter);
    }
    let scopes = split_scopes(value);
    if scopes.is_empty() {
        return if required {
            Err(FieldErrorKind::Required)
        } else {
            Ok(Checked {
                value: None,
                normalization: None,
            })
        };
    }
    if scopes.iter().any(|s| s.chars().count() > MAX_SCOPE) {
        return Err(FieldErrorKind::ScopeTooLong { max: MAX_SCOPE });
    }
    if scopes.len() > MAX_SCOPES {
        return Err(FieldErrorKind::TooManyScopes { max: MAX_SCOPES });
    }
    Ok(Checked {
        value: Some(FieldValue::List(scopes)),
        normalization: None,
    })
}

/// A DNS label: 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen.
pub fn is_dns_label(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= MAX_LABEL
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !value.starts_with('-')
        && !value.ends_with('-')
}

/// A host name of at least two labels, with an optional port: `acme.example.com`, `host.io:8443`.
pub fn is_host(value: &str) -> bool {
    let (host, port) = match value.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (value, None),
    };
    let port_ok = port.is_none_or(|p| p.parse::<u16>().is_ok_and(|n| n > 0) && p.bytes().all(|b| b.is_ascii_digit()));
    let labels: Vec<&str> = host.split('.').collect();
    port_ok && host.len() <= MAX_HOST && labels.len() >= 2 && labels.iter().all(|l| is_dns_label(l))
}

/// A single URL path segment of unreserved characters.
pub fn is_path_segment(value: &str) -> bool {
    !value.is_empty()
        && value != "."
        && value != ".."
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

fn looks_like_address(value: &str) -> bool {
    value.contains(['.', '/', ':', '@'])
}

/// Checks a metadata value against where it lands; returns the value to send and whether it was
/// reshaped.
fn check_placement(placement: &Placement, value: &str) -> Result<(String, bool), FieldErrorKind> {
    match placement {
        Placement::Free => Ok((value.to_owned(), false)),
        Placement::HostLabel(slots) => check_label(slots, value),
        Placement::Host { leading_labels } => check_host(*leading_labels, value),
        Placement::PathSegment(slots) => check_segment(slots, value),
        Placement::BaseUrl { rest } => check_base_url(rest, value),
    }
}

fn check_label(slots: &[LabelSlot], value: &str) -> Result<(String, bool), FieldErrorKind> {
    let affixes = slots
        .iter()
        .map(|s| s.label_prefix.len() + s.label_suffix.len())
        .max()
        .unwrap_or(0);
    let room = MAX_LABEL.saturating_sub(affixes);
    if is_dns_label(value) && value.len() <= room {
        return Ok((value.to_owned(), false));
    }
    if !looks_like_address(value) {
        return Err(FieldErrorKind::InvalidLabel);
    }
    let address = Address::parse(value).ok_or(FieldErrorKind::InvalidLabel)?;
    if address.has_credentials {
        return Err(FieldErrorKind::CredentialsInUrl);
    }
    match extract_label(slots, &address) {
        Some(label) if is_dns_label(&label) && label.len() <= room => Ok((label, true)),
        _ => Err(FieldErrorKind::AddressMismatch {
            expected: slots.first().map(LabelSlot::host_pattern).unwrap_or_default(),
        }),
    }
}

fn check_host(leading_labels: usize, value: &str) -> Result<(String, bool), FieldErrorKind> {
    if !value.contains(['/', '@', '?', '#']) {
        return if is_host(value) {
            Ok((value.to_owned(), false))
        } else {
            Err(FieldErrorKind::InvalidHost)
        };
    }
    let address = Address::parse(value).ok_or(FieldErrorKind::InvalidHost)?;
    if address.has_credentials {
        return Err(FieldErrorKind::CredentialsInUrl);
    }
    let host_port = address.host_port();
    let host = host_port
        .splitn(leading_labels + 1, '.')
        .last()
        .unwrap_or_default()
        .to_owned();
    if host.split('.').count() + leading_labels != host_port.split('.').count() || !is_host(&host) {
        return Err(FieldErrorKind::InvalidHost);
    }
    Ok((host, true))
}

fn check_segment(slots: &[PathSlot], value: &str) -> Result<(String, bool), FieldErrorKind> {
    if is_path_segment(value) {
        return Ok((value.to_owned(), false));
    }
    if !value.contains('/') {
        return Err(FieldErrorKind::InvalidPathSegment);
    }
    let address = if value.starts_with('/') {
        Address::parse(&format!("path.invalid{value}"))
    } else {
        Address::parse(value)
    };
    let address = address.ok_or(FieldErrorKind::InvalidPathSegment)?;
    if address.has_credentials {
        return Err(FieldErrorKind::CredentialsInUrl);
    }
    match extract_segment(slots, &address) {
        Some(segment) if is_path_segment(&segment) => Ok((segment, true)),
        _ => Err(FieldErrorKind::AddressMismatch {
            expected: slots.first().map(PathSlot::path_pattern).unwrap_or_default(),
        }),
    }
}

fn check_base_url(rest: &str, value: &str) -> Result<(String, bool), FieldErrorKind> {
    let with_scheme = if value.contains("://") {
        value.to_owned()
    } else {
        format!("https://{value}")
    };
    let address = Address::parse(&with_scheme).ok_or(FieldErrorKind::InvalidUrl)?;
    if address.scheme.as_deref() != Some("https") {
        return Err(FieldErrorKind::NotHttps);
    }
    if address.has_credentials {
        return Err(FieldErrorKind::CredentialsInUrl);
    }
    if !is_host(&address.host_port()) {
        return Err(if value.contains("://") {
            FieldErrorKind::InvalidUrl
        } else {
            FieldErrorKind::InvalidHost
        });
    }
    let mut path = address.path.clone();
    let rest_path = rest.trim_end_matches('/');
    if !rest_path.is_empty()
        && let Some(index) = path.to_ascii_lowercase().find(&rest_path.to_ascii_lowercase())
    {
        path.truncate(index);
    }
    if path.chars().any(|c| c.is_whitespace()) {
        return Err(FieldErrorKind::InvalidUrl);
    }
    let url = format!("https://{}{}", address.host_port(), path.trim_end_matches('/'));
    let reshaped = !url.eq_ignore_ascii_case(value.trim_end_matches('/'));
    Ok((url, reshaped))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_hosts_and_segments() {
        assert!(is_dns_label("acme"));
        assert!(is_dns_label("1234567-sb"));
        assert!(!is_dns_label("-acme"));
        assert!(!is_dns_label("acme-"));
        assert!(!is_dns_label("ac_me"));
        assert!(!is_dns_label(&"a".repeat(64)));
        assert!(is_host("acme.coupahost.com"));
        assert!(is_host("vsa.example.com:8443"));
        assert!(!is_host("acme"));
        assert!(!is_host("acme..com"));
        assert!(!is_host("acme.com:0"));
        assert!(!is_host("acme.com:99999"));
        assert!(!is_host("acme.com:+80"));
        assert!(is_path_segment("contoso.onmicrosoft.com"));
        assert!(is_path_segment("0a1b2c3d-0000-4444-8888-123456789abc"));
        assert!(!is_path_segment(".."));
        assert!(!is_path_segment("a b"));
    }

    #[test]
    fn scopes_split_on_spaces_commas_and_new_lines() {
        assert_eq!(
            split_scopes("read write,admin\nread\t, write"),
            ["read", "write", "admin"]
        );
        assert!(split_scopes(" , \n").is_empty());
    }

    #[test]
    fn a_huge_scope_list_is_refused_in_one_pass() {
        // 150,000 different scopes (about 1 MB): with a comparison of every scope with every other,
        // this test would run for minutes; it must be refused as soon as the count is over.
        let huge: String = (0..150_000).map(|i| format!("scope{i} ")).collect();
        assert_eq!(split_scopes(&huge).len(), MAX_SCOPES + 1);
        use crate::form::{Label, Part, StandardLabel, Target};
        let field = FieldSpec {
            target: Target::ClientCredentials(Part::Scopes),
            label: Label::Standard(StandardLabel::Scopes),
            kind: FieldKind::Scopes,
            required: true,
            docs_url: None,
            example: None,
            autocomplete: "off",
            placement: Placement::Free,
        };
        assert_eq!(
            check_field(&field, &huge).unwrap_err(),
            FieldErrorKind::TooManyScopes { max: MAX_SCOPES }
        );
        let repeated = "same ".repeat(200_000);
        assert_eq!(split_scopes(&repeated), ["same"]);
        assert_eq!(
            check_field(&field, "read\u{200B} write").unwrap_err(),
            FieldErrorKind::ControlCharacter
        );
        assert!(check_field(&field, "read\nwrite\tadmin").is_ok());
    }

    #[test]
    fn unwanted_characters() {
        assert!(is_unwanted_char('\u{0}'));
        assert!(is_unwanted_char('\u{7f}'));
        assert!(is_unwanted_char('\u{85}'));
        assert!(is_unwanted_char('\u{200B}'));
        assert!(is_unwanted_char('\u{FEFF}'));
        assert!(!is_unwanted_char('é'));
        assert!(!is_unwanted_char(' '));
    }
}
