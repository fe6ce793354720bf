//! Where a provider's URL templates put an end-user value, and how to get that value back out of an
//! address the user pasted.
//!
//! Templates look like `https://{{.workspace}}.zendesk.com`, `https://rest.{{.workspace}}.braze.com`,
//! `https://login.microsoftonline.com/{{.workspace}}/oauth2/v2.0/authorize`, `https://{{.workspace}}/api`
//! or `{{.workspace}}/rest/v11_24`; `<<SERVICE_DOMAIN>>` marks a part the API fills in itself.

/// One piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Lit(String),
    Var(String),
    /// A part filled in by the API (`<<...>>`), matching anything.
    Wild,
}

/// What a host label or path segment of a template must look like in a pasted address.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Pattern {
    Literal(String),
    Any,
}

impl Pattern {
    fn of(tokens: &[Token]) -> Self {
        let mut text = String::new();
        for token in tokens {
            match token {
                Token::Lit(lit) => text.push_str(lit),
                _ => return Pattern::Any,
            }
        }
        Pattern::Literal(text.to_ascii_lowercase())
    }

    fn matches(&self, part: &str) -> bool {
        match self {
            Pattern::Literal(lit) => lit.eq_ignore_ascii_case(part),
            Pattern::Any => !part.is_empty(),
        }
    }

    fn shown(&self) -> &str {
        match self {
            Pattern::Literal(lit) => lit,
            Pattern::Any => "*",
        }
    }
}

/// A value that is one DNS label of a host, as in `https://{{.workspace}}.zendesk.com`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelSlot {
    /// Fixed text in the same label before the value (`rest-` in `rest-{{.x}}.example.com`).
    pub label_prefix: String,
    /// Fixed text in the same label after the value (`-api` in `{{.x}}-api.outplayhq.com`).
    pub label_suffix: String,
    before: Vec<Pattern>,
    after: Vec<Pattern>,
    /// The last label of the host is a whole-host-suffix value (`{{.x}}.{{.domain}}`), so the value is
    /// found by counting from the left.
    open_tail: bool,
}

impl LabelSlot {
    /// The host as the user sees it around the value, e.g. (`""`, `".zendesk.com"`), with other values
    /// shown as `*`. For hints such as "acme.zendesk.com".
    pub fn host_around(&self) -> (String, String) {
        let mut before: String = self.before.iter().map(|p| format!("{}.", p.shown())).collect();
        before.push_str(&self.label_prefix);
        let mut after = self.label_suffix.clone();
        for pattern in &self.after {
            after.push('.');
            after.push_str(pattern.shown());
        }
        (before, after)
    }

    /// The host pattern with the value as `*`, e.g. `*.zendesk.com`.
    pub fn host_pattern(&self) -> String {
        let (before, after) = self.host_around();
        format!("{before}*{after}")
    }

    /// The value inside a pasted host, e.g. `acme` in `acme.zendesk.com`. Labels before the value in
    /// the template (`rest.` in `rest.{{.x}}.braze.com`) may be missing, since users paste the address
    /// of the web app rather than of the API.
    fn extract(&self, host: &str) -> Option<String> {
        let labels: Vec<&str> = host.split('.').collect();
        let candidate = if self.open_tail {
            let index = self.before.len();
            let prefix_ok = self.before.iter().zip(&labels).all(|(p, l)| p.matches(l));
            if !prefix_ok || labels.len() <= index + 1 {
                return None;
            }
            labels[index]
        } else {
            if labels.len() < self.after.len() + 1 {
                return None;
            }
            let start = labels.len() - self.after.len();
            if !self.after.iter().zip(&labels[start..]).all(|(p, l)| p.matches(l)) {
                return None;
            }
            labels[start - 1]
        };
        Some(strip_affixes(candidate, &self.label_prefix, &self.label_suffix).to_owned())
    }
}

/// A value that is one path segment, as in `https://login.microsoftonline.com/{{.workspace}}/oauth2`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathSlot {
    before: Vec<Pattern>,
    prefix: String,
    suffix: String,
}

impl PathSlot {
    /// The path with the value as `*`, e.g. `/tenants/*`.
    pub fn path_pattern(&self) -> String {
        let mut pattern = String::new();
        for before in &self.before {
            pattern.push('/');
            pattern.push_str(before.shown());
        }
        format!("{pattern}/{}*{}", self.prefix, self.suffix)
    }

    /// The value inside a pasted path: the segment at the template's position, when the segments
    /// before it match.
    fn extract(&self, segments: &[String]) -> Option<String> {
        let index = self.before.len();
        let prefix_ok = self.before.iter().zip(segments).all(|(p, s)| p.matches(s));
        let candidate = segments.get(index).filter(|_| prefix_ok)?;
        Some(strip_affixes(candidate, &self.prefix, &self.suffix).to_owned())
    }
}

fn strip_affixes<'a>(value: &'a str, prefix: &str, suffix: &str) -> &'a str {
    let mut value = value;
    if !prefix.is_empty()
        && value.len() > prefix.len()
        && value
            .get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
    {
        value = &value[prefix.len()..];
    }
    if !suffix.is_empty() && value.len() > suffix.len() {
        let cut = value.len() - suffix.len();
        if value.is_char_boundary(cut) && value[cut..].eq_ignore_ascii_case(suffix) {
            value = &value[..cut];
        }
    }
    value
}

/// Where a value lands in the provider's URLs, which decides what a valid value looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// In no URL: any reasonable text.
    Free,
    /// One DNS label of a host; one slot per template that puts it there (the base URL's first).
    HostLabel(Vec<LabelSlot>),
    /// A whole host name, or the tail of one after `leading_labels` fixed labels.
    Host {
        /// Labels of the template host before the value.
        leading_labels: usize,
    },
    /// One path segment; one slot per template that puts it there.
    PathSegment(Vec<PathSlot>),
    /// The start of an https URL; `rest` is what the template appends (`/rest/v11_24`).
    BaseUrl {
        /// The template text after the value, up to any query.
        rest: String,
    },
}

impl Placement {
    /// Where `var` lands in the given templates. When templates disagree the strictest placement
    /// wins, since the value must fit all of them.
    pub fn of<'a>(var: &str, templates: impl IntoIterator<Item = &'a str>) -> Placement {
        let found: Vec<Placement> = templates
            .into_iter()
            .filter_map(|template| placement_in(template, var))
            .collect();
        let Some(strictest) = found.iter().min_by_key(|p| p.strictness()).cloned() else {
            return Placement::Free;
        };
        // Keep every slot of the strictest kind: a value pasted from the web app may match only the
        // authorization URL's host, not the API's.
        match strictest {
            Placement::HostLabel(_) => {
                let mut slots: Vec<LabelSlot> = Vec::new();
                for slot in found.into_iter().flat_map(|p| match p {
                    Placement::HostLabel(slots) => slots,
                    _ => Vec::new(),
                }) {
                    if !slots.contains(&slot) {
                        slots.push(slot);
                    }
                }
                Placement::HostLabel(slots)
            }
            Placement::PathSegment(_) => {
                let mut slots: Vec<PathSlot> = Vec::new();
                for slot in found.into_iter().flat_map(|p| match p {
                    Placement::PathSegment(slots) => slots,
                    _ => Vec::new(),
                }) {
                    if !slots.contains(&slot) {
                        slots.push(slot);
                    }
                }
                Placement::PathSegment(slots)
            }
            other => other,
        }
    }

    fn strictness(&self) -> u8 {
        match self {
            Placement::HostLabel(_) => 0,
            Placement::PathSegment(_) => 1,
            Placement::Host { .. } => 2,
            Placement::BaseUrl { .. } => 3,
            Placement::Free => 4,
        }
    }
}

fn tokenize(template: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut rest = template;
    let mut literal = String::new();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("{{")
            && let Some(end) = after.find("}}")
        {
            let inner = after[..end].trim();
            if !literal.is_empty() {
                tokens.push(Token::Lit(std::mem::take(&mut literal)));
            }
            let name = inner.strip_prefix('.').unwrap_or(inner).trim();
            tokens.push(Token::Var(name.to_owned()));
            rest = &after[end + 2..];
            continue;
        }
        if let Some(after) = rest.strip_prefix("<<")
            && let Some(end) = after.find(">>")
        {
            if !literal.is_empty() {
                tokens.push(Token::Lit(std::mem::take(&mut literal)));
            }
            tokens.push(Token::Wild);
            rest = &after[end + 2..];
            continue;
        }
        let ch = rest.chars().next().expect("rest is not empty");
        literal.push(ch);
        rest = &rest[ch.len_utf8()..];
    }
    if !literal.is_empty() {
        tokens.push(Token::Lit(literal));
    }
    tokens
}

/// Splits a token stream on a separator character found inside literals.
fn split_tokens(tokens: &[Token], separator: char) -> Vec<Vec<Token>> {
    let mut parts = vec![Vec::new()];
    for token in tokens {
        match token {
            Token::Lit(lit) => {
                for (i, piece) in lit.split(separator).enumerate() {
                    if i > 0 {
                        parts.push(Vec::new());
                    }
                    if !piece.is_empty() {
                        parts
                            .last_mut()
                            .expect("never empty")
                            .push(Token::Lit(piece.to_owned()));
                    }
                }
            }
            other => parts.last_mut().expect("never empty").push(other.clone()),
        }
    }
    parts
}

fn literal_around(part: &[Token], var_index: usize) -> (String, String) {
    let lit = |token: &Token| match token {
        Token::Lit(lit) => lit.clone(),
        _ => String::new(),
    };
    let prefix = var_index.checked_sub(1).map(|i| lit(&part[i])).unwrap_or_default();
    let suffix = part.get(var_index + 1).map(lit).unwrap_or_default();
    (prefix, suffix)
}

fn is_var(tokens: &[Token], var: &str) -> bool {
    matches!(tokens, [Token::Var(name)] if name == var)
}

fn placement_in(template: &str, var: &str) -> Option<Placement> {
    let tokens = tokenize(template);
    let position = tokens
        .iter()
        .position(|t| matches!(t, Token::Var(name) if name == var))?;
    if position == 0 {
        let rest: String = tokens[1..]
            .iter()
            .map(|t| match t {
                Token::Lit(lit) => lit.as_str(),
                _ => "*",
            })
            .collect();
        let rest = rest.split(['?', '#']).next().unwrap_or_default().to_owned();
        return Some(Placement::BaseUrl { rest });
    }
    // Drop the scheme, then cut host from path at the first '/', '?' or '#'.
    let mut remaining = tokens.clone();
    if let Some(Token::Lit(first)) = remaining.first_mut()
        && let Some(index) = first.find("://")
    {
        *first = first[index + 3..].to_owned();
    }
    let mut host = Vec::new();
    let mut path = Vec::new();
    let mut in_path = false;
    for token in remaining {
        match token {
            Token::Lit(lit) if !in_path => {
                if let Some(cut) = lit.find(['/', '?', '#']) {
                    if cut > 0 {
                        host.push(Token::Lit(lit[..cut].to_owned()));
                    }
                    in_path = true;
                    // The rest goes to the path, whose reading stops at a query or fragment, so a
                    // value in the query (`https://x.com?tenant={{.w}}`) is not taken for a segment.
                    let tail = &lit[cut..];
                    path.push(Token::Lit(tail.strip_prefix('/').unwrap_or(tail).to_owned()));
                } else if !lit.is_empty() {
                    host.push(Token::Lit(lit));
                }
            }
            other if !in_path => host.push(other),
            other => path.push(other),
        }
    }
    let labels = split_tokens(&host, '.');
    if let Some(index) = labels
        .iter()
        .position(|label| label.iter().any(|t| matches!(t, Token::Var(n) if n == var)))
    {
        let label = &labels[index];
        if is_var(label, var) && (labels.len() == 1 || index == labels.len() - 1) {
            return Some(Placement::Host { leading_labels: index });
        }
        let var_index = label.iter().position(|t| matches!(t, Token::Var(n) if n == var))?;
        let (label_prefix, label_suffix) = literal_around(label, var_index);
        let open_tail = labels.len() > index + 1 && matches!(labels.last().map(Vec::as_slice), Some([Token::Var(_)]));
        return Some(Placement::HostLabel(vec![LabelSlot {
            label_prefix,
            label_suffix,
            before: labels[..index].iter().map(|l| Pattern::of(l)).collect(),
            after: labels[index + 1..].iter().map(|l| Pattern::of(l)).collect(),
            open_tail,
        }]));
    }
    // Path segments, up to a query or fragment.
    let mut path_only = Vec::new();
    for token in path {
        match token {
            Token::Lit(lit) => {
                if let Some(cut) = lit.find(['?', '#']) {
                    path_only.push(Token::Lit(lit[..cut].to_owned()));
                    break;
                }
                path_only.push(Token::Lit(lit));
            }
            other => path_only.push(other),
        }
    }
    let segments = split_tokens(&path_only, '/');
    let index = segments
        .iter()
        .position(|segment| segment.iter().any(|t| matches!(t, Token::Var(n) if n == var)))?;
    let segment = &segments[index];
    let var_index = segment.iter().position(|t| matches!(t, Token::Var(n) if n == var))?;
    let (prefix, suffix) = literal_around(segment, var_index);
    Some(Placement::PathSegment(vec![PathSlot {
        before: segments[..index].iter().map(|s| Pattern::of(s)).collect(),
        prefix,
        suffix,
    }]))
}

/// An address the user typed or pasted, taken apart just enough to find a value in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// The scheme, lowercase, when one was given.
    pub scheme: Option<String>,
    /// Whether the address carries `user:password@`.
    pub has_credentials: bool,
    /// The host, lowercase.
    pub host: String,
    /// The port, as typed.
    pub port: Option<String>,
    /// The path, without query or fragment, and without a trailing `/`.
    pub path: String,
}

impl Address {
    /// Reads `https://user@acme.zendesk.com:443/agent/?x#y` or `acme.zendesk.com/agent`. `None` when
    /// there is no host at all.
    pub fn parse(input: &str) -> Option<Address> {
        let input = input.trim();
        let (scheme, rest) = match input.find("://") {
            Some(index) => {
                let scheme = &input[..index];
                let valid = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                    && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
                if !valid {
                    return None;
                }
                (Some(scheme.to_ascii_lowercase()), &input[index + 3..])
            }
            None => (None, input),
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..end];
        let after = &rest[end..];
        let (has_credentials, host_port) = match authority.rfind('@') {
            Some(at) => (true, &authority[at + 1..]),
            None => (false, authority),
        };
        let (host, port) = match host_port.rsplit_once(':') {
            Some((host, port)) => (host, Some(port.to_owned())),
            None => (host_port, None),
        };
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        if host.is_empty() {
            return None;
        }
        let path_end = after.find(['?', '#']).unwrap_or(after.len());
        let path = after[..path_end].trim_end_matches('/').to_owned();
        Some(Address {
            scheme,
            has_credentials,
            host,
            port,
            path,
        })
    }

    /// The non-empty path segments.
    pub fn segments(&self) -> Vec<String> {
        self.path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// `host` or `host:port`.
    pub fn host_port(&self) -> String {
        match &self.port {
            Some(port) => format!("{}:{port}", self.host),
            None => self.host.clone(),
        }
    }
}

/// The value the first matching label slot takes from a pasted address.
pub(crate) fn extract_label(slots: &[LabelSlot], address: &Address) -> Option<String> {
    slots.iter().find_map(|slot| slot.extract(&address.host))
}

/// The value the first matching path slot takes from a pasted address (or a bare path).
pub(crate) fn extract_segment(slots: &[PathSlot], address: &Address) -> Option<String> {
    let segments = address.segments();
    slots.iter().find_map(|slot| slot.extract(&segments))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(template: &str, var: &str) -> LabelSlot {
        match Placement::of(var, [template]) {
            Placement::HostLabel(mut slots) => slots.remove(0),
            other => panic!("{template}: {other:?}"),
        }
    }

    #[test]
    fn placements_of_every_template_shape() {
        assert!(matches!(
            Placement::of("workspace", ["https://{{.workspace}}.zendesk.com"]),
            Placement::HostLabel(_)
        ));
        assert!(matches!(
            Placement::of("workspace", ["https://{{ .workspace }}.zendesk.com"]),
            Placement::HostLabel(_)
        ));
        assert_eq!(
            Placement::of("workspace", ["https://{{.workspace}}"]),
            Placement::Host { leading_labels: 0 }
        );
        assert_eq!(
            Placement::of("workspace", ["https://{{.workspace}}/api"]),
            Placement::Host { leading_labels: 0 }
        );
        assert_eq!(
            Placement::of("d", ["https://{{.workspace}}.{{.d}}/oauth/authorize"]),
            Placement::Host { leading_labels: 1 }
        );
        assert_eq!(
            Placement::of("workspace", ["{{.workspace}}/rest/v11_24"]),
            Placement::BaseUrl {
                rest: "/rest/v11_24".into()
            }
        );
        assert!(matches!(
            Placement::of(
                "workspace",
                ["https://login.microsoftonline.com/{{.workspace}}/oauth2/v2.0/token"]
            ),
            Placement::PathSegment(_)
        ));
        assert_eq!(Placement::of("workspace", ["https://api.example.com"]), Placement::Free);
        // A value in the query string lands in no host or path.
        assert_eq!(Placement::of("w", ["https://x.com?tenant={{.w}}"]), Placement::Free);
        assert_eq!(Placement::of("w", ["https://x.com/a?tenant={{.w}}"]), Placement::Free);
        assert_eq!(Placement::of("workspace", Vec::<&str>::new()), Placement::Free);
        // The strictest wins when templates disagree.
        assert!(matches!(
            Placement::of("w", ["https://{{.w}}/api", "https://{{.w}}.example.com"]),
            Placement::HostLabel(slots) if slots.len() == 1
        ));
        // Identical slots once, different ones each.
        assert!(matches!(
            Placement::of("w", ["https://{{.w}}.a.com", "https://{{.w}}.a.com/x", "https://{{.w}}.b.com"]),
            Placement::HostLabel(slots) if slots.len() == 2
        ));
    }

    #[test]
    fn host_patterns_for_hints_and_messages() {
        assert_eq!(
            label("https://{{.workspace}}.zendesk.com", "workspace").host_pattern(),
            "*.zendesk.com"
        );
        assert_eq!(
            label("https://rest.{{.workspace}}.braze.com", "workspace").host_pattern(),
            "rest.*.braze.com"
        );
        assert_eq!(
            label("https://{{.workspace}}-api.outplayhq.com", "workspace").host_pattern(),
            "*-api.outplayhq.com"
        );
        assert_eq!(
            label(
                "https://{{.workspace}}.api.{{.region}}.dynamics.com/api/data",
                "workspace"
            )
            .host_pattern(),
            "*.api.*.dynamics.com"
        );
        assert_eq!(
            label("https://<<SERVICE_DOMAIN>>.{{.region}}.amazonaws.com", "region").host_around(),
            ("*.".to_owned(), ".amazonaws.com".to_owned())
        );
    }

    #[test]
    fn fixed_text_in_a_label_never_splits_a_character() {
        let slot = label("https://rest-{{.x}}.example.com", "x");
        assert_eq!(slot.extract("aaaaé.example.com").as_deref(), Some("aaaaé"));
        assert_eq!(slot.extract("rest-acme.example.com").as_deref(), Some("acme"));
        assert_eq!(strip_affixes("éé", "ab", "cd"), "éé");
    }

    #[test]
    fn addresses_come_apart() {
        let a = Address::parse("HTTPS://me:pw@Acme.Zendesk.com.:8443/agent/tickets/?x=1#top").unwrap();
        assert_eq!(a.scheme.as_deref(), Some("https"));
        assert!(a.has_credentials);
        assert_eq!(a.host, "acme.zendesk.com");
        assert_eq!(a.port.as_deref(), Some("8443"));
        assert_eq!(a.path, "/agent/tickets");
        assert_eq!(a.segments(), ["agent", "tickets"]);
        let bare = Address::parse("acme.zendesk.com/agent").unwrap();
        assert_eq!(bare.scheme, None);
        assert_eq!(bare.host_port(), "acme.zendesk.com");
        assert_eq!(Address::parse("https:///nohost"), None);
        assert_eq!(Address::parse("1http://x"), None);
    }
}
