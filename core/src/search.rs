//! Finding a provider in the picker: by identifier or display name, ignoring case and accents.

use crate::catalog::{Catalog, Provider};
use crate::form::{Credential, Flow, flow_of};

/// How a provider's users sign in, as the picker shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInKind {
    /// An API key.
    ApiKey,
    /// A username and password.
    Basic,
    /// Provider-specific credentials.
    Custom,
    /// OAuth2 client id and secret.
    ClientCredentials,
    /// OAuth2 password grant.
    PasswordGrant,
    /// A sign-in on the provider's own site.
    SignInWithProvider,
    /// Not possible with this form.
    Unsupported,
}

impl SignInKind {
    /// Every kind with its code in the picker's index (`crate::catalog_files`).
    const CODES: [(SignInKind, &'static str); 7] = [
        (SignInKind::ApiKey, "apiKey"),
        (SignInKind::Basic, "basic"),
        (SignInKind::Custom, "custom"),
        (SignInKind::ClientCredentials, "clientCredentials"),
        (SignInKind::PasswordGrant, "passwordGrant"),
        (SignInKind::SignInWithProvider, "signInWithProvider"),
        (SignInKind::Unsupported, "unsupported"),
    ];

    /// Its code in the picker's index.
    pub fn code(self) -> &'static str {
        Self::CODES
            .iter()
            .find(|(kind, _)| *kind == self)
            .map_or("unsupported", |(_, code)| code)
    }

    /// The kind a code in the picker's index stands for; `None` for one this version does not know.
    pub fn from_code(code: &str) -> Option<SignInKind> {
        Self::CODES.iter().find(|(_, c)| *c == code).map(|(kind, _)| *kind)
    }

    /// The kind for a provider.
    pub fn of(provider: &Provider) -> SignInKind {
        match flow_of(provider) {
            Flow::Generate(Credential::ApiKey) => SignInKind::ApiKey,
            Flow::Generate(Credential::Basic) => SignInKind::Basic,
            Flow::Generate(Credential::Custom) => SignInKind::Custom,
            Flow::Generate(Credential::ClientCredentials) => SignInKind::ClientCredentials,
            Flow::Generate(Credential::PasswordGrant) => SignInKind::PasswordGrant,
            Flow::Generate(Credential::Tokens) | Flow::ContinueWithProvider { .. } | Flow::MultiStep => {
                SignInKind::SignInWithProvider
            }
            Flow::Unsupported(_) => SignInKind::Unsupported,
        }
    }
}

/// Lowercases and drops diacritics of Latin letters (`Zéndesk` → `zendesk`), so a search matches
/// however the user types the name. Only Latin letters are folded: provider names are written in
/// them, and Rust's full Unicode case tables would cost the browser tens of kilobytes.
pub fn fold(text: &str) -> String {
    text.chars().map(|c| base_letter(lower_latin(c))).collect()
}

/// Lowercase for ASCII, Latin-1 and Latin Extended-A letters; others are left as they are.
fn lower_latin(c: char) -> char {
    match c {
        'A'..='Z' | 'À'..='Ö' | 'Ø'..='Þ' => char::from_u32(c as u32 + 32).unwrap_or(c),
        // Latin Extended-A pairs an uppercase letter with the lowercase one after it, in two runs
        // with different parity.
        'Ā'..='ķ' | 'Ŋ'..='ŷ' if (c as u32).is_multiple_of(2) => char::from_u32(c as u32 + 1).unwrap_or(c),
        'Ĺ'..='ň' | 'Ź'..='ž' if !(c as u32).is_multiple_of(2) => char::from_u32(c as u32 + 1).unwrap_or(c),
        'İ' => 'i',
        'Ÿ' => 'ÿ',
        other => other,
    }
}

fn base_letter(c: char) -> char {
    match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' | 'ħ' => 'h',
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' => 's',
        'ţ' | 'ť' | 'ŧ' => 't',
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

/// A provider as the picker lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The identifier.
    pub name: String,
    /// The name shown.
    pub title: String,
    /// How its users sign in.
    pub kind: SignInKind,
    /// The catalog marks it experimental.
    pub experimental: bool,
    /// Its icon for light and for dark pages.
    pub icon: Option<String>,
    /// Folded title and identifier on two lines: a search word (which has no white space) is found
    /// in it exactly when it is in one of them.
    haystack: String,
}

impl Entry {
    /// An entry, searchable by its title and name.
    pub fn new(name: String, title: String, kind: SignInKind, experimental: bool, icon: Option<String>) -> Entry {
        let haystack = format!("{}\n{}", fold(&title), fold(&name));
        Entry {
            name,
            title,
            kind,
            experimental,
            icon,
            haystack,
        }
    }

    /// The picker's entry for a provider.
    pub fn of(provider: &Provider) -> Entry {
        Entry::new(
            provider.name.clone(),
            provider.title().to_owned(),
            SignInKind::of(provider),
            provider.is_experimental(),
            provider.icon_url().map(str::to_owned),
        )
    }
}

/// The providers to offer: those of `allow` (all when `None`), ordered by display name.
pub fn entries(catalog: &Catalog, allow: Option<&[String]>) -> Vec<Entry> {
    offered(catalog.providers().map(Entry::of).collect(), allow)
}

/// Of `entries`, those of `allow` (all when `None`), ordered by display name.
pub fn offered(mut entries: Vec<Entry>, allow: Option<&[String]>) -> Vec<Entry> {
    entries.retain(|e| allow.is_none_or(|names| names.iter().any(|n| n == &e.name)));
    entries.sort_unstable_by(|a, b| (&a.haystack, &a.name).cmp(&(&b.haystack, &b.name)));
    entries
}

/// What the user searches for: words, each of which must be in the display name or identifier,
/// ignoring case and accents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    words: Vec<String>,
}

impl Query {
    /// Reads the search box.
    pub fn new(text: &str) -> Self {
        Query {
            words: fold(text).split_whitespace().map(str::to_owned).collect(),
        }
    }

    /// Whether the entry matches (everything matches an empty query).
    pub fn matches(&self, entry: &Entry) -> bool {
        self.words.iter().all(|word| entry.haystack.contains(word.as_str()))
    }
}

/// How many results the picker shows at first, and how many more each "Show more" adds. A bounded
/// list keeps each keystroke's work the same however large the catalog: a search touches this many
/// rows of the page at most, never every provider's.
pub const PAGE: usize = 30;

/// The positions in `entries` of those that match `query`, in order.
pub fn matching(entries: &[Entry], query: &Query) -> Vec<usize> {
    (0..entries.len()).filter(|&i| query.matches(&entries[i])).collect()
}

/// What the picker shows of `matches` results when the user has asked for `pages` pages: how many
/// rows, and how many more the next "Show more" adds (0 when all show).
pub fn window(matches: usize, pages: usize) -> (usize, usize) {
    let shown = matches.min(pages.max(1).saturating_mul(PAGE));
    (shown, (matches - shown).min(PAGE))
}

/// Up to two initials of a provider's name, for when its icon cannot load (`Zendesk Support` → `ZS`,
/// `hubspot` → `H`).
pub fn initials(title: &str) -> String {
    let words: Vec<&str> = title
        .split(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let mut initials: String = words.iter().take(2).filter_map(|w| w.chars().next()).collect();
    if initials.is_empty() {
        initials.push('?');
    }
    initials.to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(
            fold("Zéndesk SÜPPORT Ørsted Łódź ŽĄČĘ Ÿ"),
            "zendesk support orsted lodz zace y"
        );
        assert_eq!(fold("İ"), "i");
        // Other scripts are left as they are.
        assert_eq!(fold("Σ Ж"), "Σ Ж");
        // Every Latin letter this folds is lowercase afterwards, like Unicode's own lowercase.
        for c in ('A'..='ž').filter(|c| c.is_alphabetic()) {
            let ours = lower_latin(c);
            let unicode: String = c.to_lowercase().collect();
            if c != 'İ' {
                assert_eq!(ours.to_string(), unicode, "{c}");
            }
        }
    }

    #[test]
    fn search_by_name_or_display_name() {
        let catalog = Catalog::embedded();
        let all = entries(&catalog, None);
        let names = |text: &str| {
            let query = Query::new(text);
            all.iter()
                .filter(|e| query.matches(e))
                .map(|e| e.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(all.len(), 238);
        assert_eq!(names("").len(), 238);
        assert_eq!(names("ZÉNDESK"), ["zendeskChat", "zendeskSupport"]);
        assert_eq!(names("desk supp"), ["zendeskSupport"]);
        assert_eq!(names("zendeskSupport"), ["zendeskSupport"]);
        assert!(names("hub").contains(&"hubspot".to_owned()));
        assert!(names("hub").contains(&"github".to_owned()));
        // A word never spans the display name and the identifier.
        assert!(names("supportzendesk").is_empty());
        assert!(names("no such provider").is_empty());
        // Ordered by display name.
        let titles: Vec<&str> = all.iter().map(|e| e.title.as_str()).collect();
        let mut sorted = titles.clone();
        sorted.sort_by_key(|t| fold(t));
        assert_eq!(titles, sorted);
        let allow = ["zendeskSupport".to_owned(), "hubspot".to_owned()];
        let allowed: Vec<String> = entries(&catalog, Some(&allow)).into_iter().map(|e| e.name).collect();
        assert_eq!(allowed, ["hubspot", "zendeskSupport"]);
        let zendesk = all.iter().find(|e| e.name == "zendeskSupport").unwrap();
        assert_eq!(zendesk.kind, SignInKind::SignInWithProvider);
        assert!(zendesk.icon.as_deref().unwrap().starts_with("https://"));
    }

    #[test]
    fn sign_in_kinds() {
        let catalog = Catalog::embedded();
        let kind = |name: &str| SignInKind::of(catalog.get(name).unwrap());
        assert_eq!(kind("hubspot"), SignInKind::SignInWithProvider);
        assert_eq!(kind("redtail"), SignInKind::SignInWithProvider);
        assert_eq!(kind("activeCampaign"), SignInKind::ApiKey);
        assert_eq!(kind("freshdesk"), SignInKind::Basic);
        assert_eq!(kind("gitlab"), SignInKind::Custom);
        assert_eq!(kind("adobe"), SignInKind::ClientCredentials);
        assert_eq!(kind("sugarCRM"), SignInKind::PasswordGrant);
        assert_eq!(kind("snowflake"), SignInKind::Unsupported);
    }

    #[test]
    fn results_show_a_page_at_a_time() {
        assert_eq!(window(0, 1), (0, 0));
        assert_eq!(window(3, 1), (3, 0));
        assert_eq!(window(PAGE, 1), (PAGE, 0));
        assert_eq!(window(PAGE + 1, 1), (PAGE, 1));
        assert_eq!(window(5_000, 1), (PAGE, PAGE));
        assert_eq!(window(5_000, 2), (2 * PAGE, PAGE));
        assert_eq!(window(5_000, 5_000_usize.div_ceil(PAGE)), (5_000, 0));
        assert_eq!(window(5_000, 5_000 / PAGE), (5_000 / PAGE * PAGE, 5_000 % PAGE));
        assert_eq!(window(5_000, usize::MAX), (5_000, 0));
        // No page is no page asked for: the first one shows.
        assert_eq!(window(5_000, 0), (PAGE, PAGE));
    }

    #[test]
    fn matching_gives_positions_in_order() {
        let all = entries(&Catalog::embedded(), None);
        let found = matching(&all, &Query::new("zendesk"));
        let names: Vec<&str> = found.iter().map(|&i| all[i].name.as_str()).collect();
        assert_eq!(names, ["zendeskChat", "zendeskSupport"]);
        assert_eq!(matching(&all, &Query::new("")).len(), all.len());
        assert!(found.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn initials_for_missing_icons() {
        assert_eq!(initials("Zendesk Support"), "ZS");
        assert_eq!(initials("hubspot"), "H");
        assert_eq!(initials("3x (beta) tool"), "3B");
        assert_eq!(initials("  "), "?");
    }
}
