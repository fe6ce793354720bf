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
/// however the user types the name.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        for lower in c.to_lowercase() {
            out.push(base_letter(lower));
        }
    }
    out
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

/// The providers to offer: those of `allow` (all when `None`) whose identifier or display name
/// contains every word of `query`, ordered with names that start with the query first, then by
/// display name.
pub fn search<'a>(catalog: &'a Catalog, allow: Option<&[String]>, query: &str) -> Vec<&'a Provider> {
    let words: Vec<String> = fold(query).split_whitespace().map(str::to_owned).collect();
    let phrase = words.join(" ");
    let mut found: Vec<(bool, String, &Provider)> = catalog
        .providers()
        .filter(|p| allow.is_none_or(|names| names.iter().any(|n| n == &p.name)))
        .filter_map(|provider| {
            let title = fold(provider.title());
            let name = fold(&provider.name);
            let all_match = words
                .iter()
                .all(|w| title.contains(w.as_str()) || name.contains(w.as_str()));
            let starts = !phrase.is_empty() && (title.starts_with(&phrase) || name.starts_with(&phrase));
            all_match.then_some((!starts, title, provider))
        })
        .collect();
    found.sort_unstable_by(|a, b| (a.0, &a.1, &a.2.name).cmp(&(b.0, &b.1, &b.2.name)));
    found.into_iter().map(|(_, _, p)| p).collect()
}

/// Up to two initials of a provider's name, for when its icon cannot load (`Zendesk Support` → `ZS`,
/// `hubspot` → `H`).
pub fn initials(title: &str) -> String {
    let words: Vec<&str> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut initials: String = words.iter().take(2).filter_map(|w| w.chars().next()).collect();
    if initials.is_empty() {
        initials.push('?');
    }
    initials.to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("Zéndesk SÜPPORT Ørsted Łódź"), "zendesk support orsted lodz");
        assert_eq!(fold("İ"), "i\u{307}");
    }

    #[test]
    fn search_by_name_or_display_name() {
        let catalog = Catalog::embedded();
        let names = |query: &str| {
            search(&catalog, None, query)
                .iter()
                .map(|p| p.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(search(&catalog, None, "").len(), 238);
        let zendesk = names("ZÉNDESK");
        assert_eq!(zendesk, ["zendeskChat", "zendeskSupport"]);
        assert_eq!(names("desk supp"), ["zendeskSupport"]);
        assert_eq!(names("zendeskSupport"), ["zendeskSupport"]);
        // Starting with the query ranks first.
        let hub = names("hub");
        assert_eq!(hub[0], "hubspot");
        assert!(hub.contains(&"github".to_owned()));
        assert!(names("no such provider").is_empty());
        let allow = ["hubspot".to_owned(), "zendeskSupport".to_owned()];
        let allowed: Vec<&str> = search(&catalog, Some(&allow), "")
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(allowed, ["hubspot", "zendeskSupport"]);
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
    fn initials_for_missing_icons() {
        assert_eq!(initials("Zendesk Support"), "ZS");
        assert_eq!(initials("hubspot"), "H");
        assert_eq!(initials("3x (beta) tool"), "3B");
        assert_eq!(initials("  "), "?");
    }
}
