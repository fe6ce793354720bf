//! The catalog as files beside the form, so that no screen loads more of it than it shows and the
//! wasm carries none of it: the picker's index (name, title, sign-in kind, icon of every provider)
//! and one file per provider with its full entry, fetched when the provider is picked, or at start
//! with `provider=`. scripts/postbuild.mjs writes them into the build (`catalog-<hash>/`) with the
//! `catalog-files` binary, from the same pruned catalog the tests check.
//!
//! Trust: the files are the deployment's, on the form's own origin, like the wasm itself. A name in
//! a link only chooses which of them is fetched, and [`entry_path`] takes plain identifiers only, so
//! a link cannot point the fetch anywhere else (no `/`, `.` or `%`).

use crate::catalog::{Catalog, CatalogError, FORM_CATALOG_JSON};
use crate::json::{Json, ObjectWriter};
use crate::search::{Entry, SignInKind, entries};

/// The path of the picker's index, within the catalog's folder and without `.json`.
pub const INDEX_PATH: &str = "index";

/// The path of a provider's file, within the catalog's folder and without `.json`; `None` for a
/// name that is not a catalog identifier (a letter, then letters, digits, `_` or `-`).
pub fn entry_path(name: &str) -> Option<String> {
    let mut chars = name.chars();
    let plain = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && name.len() <= 100;
    plain.then(|| format!("providers/{name}"))
}

/// The picker's index: a JSON array of `{"name", "title", "kind", "experimental"?, "icon"?}` in the
/// order given.
pub fn index_json(entries: &[Entry]) -> String {
    let items: Vec<String> = entries
        .iter()
        .map(|entry| {
            let writer = ObjectWriter::new()
                .str("name", &entry.name)
                .str("title", &entry.title)
                .str("kind", entry.kind.code())
                .raw("experimental", entry.experimental.then(|| "true".to_owned()));
            writer.opt_str("icon", entry.icon.as_deref()).finish()
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// Reads the picker's index. An entry without a usable name or title is left out (it could not be
/// fetched or shown); a sign-in kind this version does not know reads as unsupported. Only a
/// document that is not an index at all, or has no entry, is an error.
pub fn read_index(json: &str) -> Result<Vec<Entry>, CatalogError> {
    let value = Json::parse(json).map_err(CatalogError::InvalidJson)?;
    let items = value.as_array().ok_or(CatalogError::NotAnIndex)?;
    let entries: Vec<Entry> = items
        .iter()
        .filter_map(|item| {
            let name = item.str_at("name").filter(|name| entry_path(name).is_some())?;
            let title = item.str_at("title").filter(|title| !title.trim().is_empty())?;
            let kind = item.get("kind").and_then(Json::as_str).and_then(SignInKind::from_code);
            Some(Entry::new(
                name,
                title,
                kind.unwrap_or(SignInKind::Unsupported),
                item.get("experimental").and_then(Json::as_bool).unwrap_or(false),
                item.str_at("icon"),
            ))
        })
        .collect();
    if entries.is_empty() {
        return Err(CatalogError::Empty);
    }
    Ok(entries)
}

/// Every file of the shipped catalog, as (path without `.json`, text): the index, then each
/// provider's entry as `GET /v1/providers/{name}` gives it, pruned to what the form reads.
pub fn files() -> Vec<(String, String)> {
    let catalog = Catalog::embedded();
    let mut files = vec![(INDEX_PATH.to_owned(), index_json(&entries(&catalog, None)))];
    let pruned: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(FORM_CATALOG_JSON).expect("the pruned catalog is an object");
    for (name, mut entry) in pruned {
        let path = entry_path(&name).expect("every catalog name is an identifier (tested)");
        if let Some(object) = entry.as_object_mut() {
            object.insert("name".to_owned(), serde_json::Value::String(name));
        }
        files.push((path, entry.to_string()));
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Provider;

    #[test]
    fn names_that_are_not_identifiers_have_no_file() {
        assert_eq!(
            entry_path("zendeskSupport").as_deref(),
            Some("providers/zendeskSupport")
        );
        assert_eq!(entry_path("a-b_c9").as_deref(), Some("providers/a-b_c9"));
        for bad in [
            "",
            "../settings",
            "a/b",
            "a.b",
            "%2e%2e",
            "9lives",
            "a b",
            "ä",
            "a\\b",
            "a?x",
            "a#x",
        ] {
            assert_eq!(entry_path(bad), None, "{bad:?}");
        }
        assert_eq!(entry_path(&"a".repeat(101)), None);
    }

    #[test]
    fn the_index_lists_what_the_whole_catalog_lists() {
        let catalog = Catalog::embedded();
        let files = files();
        let (path, index) = &files[0];
        assert_eq!(path, INDEX_PATH);
        assert_eq!(read_index(index).unwrap(), entries(&catalog, None));
        // Every provider can be fetched by its name, and reads the same from its own file.
        assert_eq!(files.len(), catalog.len() + 1);
        for provider in catalog.providers() {
            let path = entry_path(&provider.name).unwrap();
            let (_, text) = files.iter().find(|(p, _)| *p == path).unwrap();
            assert_eq!(&Provider::from_json(text).unwrap(), provider, "{}", provider.name);
        }
    }

    #[test]
    fn a_provider_file_is_small() {
        // The point of one file per provider: a page opened on one loads a few hundred bytes of
        // catalog, not the whole of it.
        let largest = files().iter().skip(1).map(|(_, text)| text.len()).max().unwrap();
        assert!(largest < 4_000, "{largest} bytes");
    }

    #[test]
    fn kinds_round_trip_and_unknown_index_entries_are_handled() {
        for kind in [
            SignInKind::ApiKey,
            SignInKind::Basic,
            SignInKind::Custom,
            SignInKind::ClientCredentials,
            SignInKind::PasswordGrant,
            SignInKind::SignInWithProvider,
            SignInKind::Unsupported,
        ] {
            assert_eq!(SignInKind::from_code(kind.code()), Some(kind));
        }
        let index = r#"[
            {"name": "a", "title": "A", "kind": "apiKey", "icon": "https://x/a.svg"},
            {"name": "b", "title": "B", "kind": "quantumKey", "experimental": true},
            {"name": "../c", "title": "C", "kind": "basic"},
            {"title": "D", "kind": "basic"},
            {"name": "e", "title": " ", "kind": "basic"},
            "f"
        ]"#;
        let read = read_index(index).unwrap();
        assert_eq!(
            read,
            [
                Entry::new(
                    "a".into(),
                    "A".into(),
                    SignInKind::ApiKey,
                    false,
                    Some("https://x/a.svg".into())
                ),
                Entry::new("b".into(), "B".into(), SignInKind::Unsupported, true, None),
            ]
        );
        assert!(matches!(read_index("[]"), Err(CatalogError::Empty)));
        assert!(matches!(read_index("{}"), Err(CatalogError::NotAnIndex)));
        assert!(matches!(read_index("<html>"), Err(CatalogError::InvalidJson(_))));
    }
}
