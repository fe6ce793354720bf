//! Getting the providers the form offers, a part at a time: the shipped catalog's picker index when
//! the picker shows, and a provider's entry when it is picked or named by the link
//! (`connect_core::catalog_files`); or the whole live catalog at once. A part that does not load
//! says so with a way to try again ([`NotLoaded`]), and nothing else on the page is lost.

use std::collections::BTreeMap;
use std::sync::Arc;

use connect_core::catalog_files::{INDEX_PATH, entry_path, read_index};
use connect_core::config::ConfigIssue;
use connect_core::search::{Entry, offered};
use connect_core::{Catalog, Config, Provider};
use leptos::prelude::*;

use crate::Host;
use crate::bridge::FetchFailed;
use crate::i18n::{I18n, Msg};

/// The providers at hand once the first screen's part of the catalog has loaded.
#[derive(Debug, Clone)]
pub enum Providers {
    /// The whole catalog (the live one): every entry is at hand.
    Whole(Arc<BTreeMap<String, Arc<Provider>>>),
    /// The shipped catalog: its picker index (none when the link names the provider, as then no
    /// picker shows); each entry is fetched when needed.
    Shipped(Option<Arc<Vec<Entry>>>),
}

impl Providers {
    /// Every provider of a catalog, at hand.
    pub fn whole(catalog: Catalog) -> Self {
        let providers = catalog.into_providers().map(|p| (p.name.clone(), Arc::new(p)));
        Providers::Whole(Arc::new(providers.collect()))
    }

    /// The first screen's part of the shipped catalog when the page already has it (web/app.js
    /// fetches it alongside the wasm): nothing with `provider=` (its entry is fetched as a picked
    /// one's would be), else the picker's index.
    pub fn shipped_now(config: &Config, host: Host) -> Option<Result<Providers, FetchFailed>> {
        if config.provider.is_some() {
            return Some(Ok(Providers::Shipped(None)));
        }
        host.catalog_file_now(INDEX_PATH).map(index)
    }

    /// [`Providers::shipped_now`], fetched when the page does not have it yet.
    pub async fn shipped(config: &Config, host: Host) -> Result<Providers, FetchFailed> {
        if config.provider.is_some() {
            return Ok(Providers::Shipped(None));
        }
        index(host.catalog_file(INDEX_PATH).await?)
    }

    /// What is wrong with the configuration's provider names. (A name the shipped index cannot
    /// vouch for is checked when its entry is fetched.)
    pub fn check(&self, config: &Config) -> Vec<ConfigIssue> {
        match self {
            Providers::Whole(all) => config.check_providers(|name| all.contains_key(name)),
            Providers::Shipped(Some(index)) => config.check_providers(|name| index.iter().any(|e| e.name == name)),
            Providers::Shipped(None) => Vec::new(),
        }
    }

    /// The picker's entries: those the configuration allows, ordered by display name.
    pub fn entries(&self, config: &Config) -> Vec<Entry> {
        let all = match self {
            Providers::Whole(all) => all.values().map(|p| Entry::of(p)).collect(),
            Providers::Shipped(index) => index.as_deref().cloned().unwrap_or_default(),
        };
        offered(all, config.providers.as_deref())
    }

    /// A provider's entry when it is at hand: in the whole catalog, or a shipped file the page has
    /// fetched already.
    pub fn at_hand(&self, host: Host, name: &str) -> Option<Arc<Provider>> {
        match self {
            Providers::Whole(all) => all.get(name).cloned(),
            Providers::Shipped(_) => {
                let text = host.catalog_file_now(&entry_path(name)?)??;
                read_provider(&text, name)
            }
        }
    }

    /// A provider's entry from the shipped catalog. `None` when there is no such provider; a file
    /// that is there but does not read as that provider counts as not loaded.
    pub async fn fetch(host: Host, name: &str) -> Result<Option<Arc<Provider>>, FetchFailed> {
        let Some(path) = entry_path(name) else {
            return Ok(None);
        };
        match host.catalog_file(&path).await? {
            Some(text) => read_provider(&text, name).map(Some).ok_or(FetchFailed),
            None => Ok(None),
        }
    }
}

/// The shipped index from its file; a missing or unreadable one counts as not loaded (the
/// deployment's files did not arrive whole).
fn index(file: Option<String>) -> Result<Providers, FetchFailed> {
    let index = file.and_then(|text| read_index(&text).ok()).ok_or(FetchFailed)?;
    Ok(Providers::Shipped(Some(Arc::new(index))))
}

/// A provider's file, when it reads as the provider asked for.
fn read_provider(text: &str, name: &str) -> Option<Arc<Provider>> {
    Provider::from_json(text).ok().filter(|p| p.name == name).map(Arc::new)
}

/// A part of the catalog that did not load: what happened, and a way to try again (and back, when
/// there is somewhere to go back to).
#[component]
pub fn NotLoaded(
    /// What did not load.
    title: String,
    /// Tries again.
    on_retry: Callback<()>,
    /// Back to the picker.
    on_back: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let back = on_back.map(|back| {
        view! { <button type="button" class="cf-back" on:click=move |_| back.run(())>{i18n.t(Msg::ChooseAnother)}</button> }
    });
    view! {
        <section class="cf-panel cf-not-loaded" aria-labelledby="cf-form-title">
            {back}
            <h1 id="cf-form-title" tabindex="-1">{title}</h1>
            <p role="alert">{i18n.t(Msg::NotLoadedText)}</p>
            <button type="button" class="cf-primary" on:click=move |_| on_retry.run(())>{i18n.t(Msg::TryAgain)}</button>
        </section>
    }
}
