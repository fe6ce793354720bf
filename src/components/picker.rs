//! The provider picker: a search box over a list of buttons, operable with the keyboard.

use std::sync::Arc;

use connect_core::Config;
use connect_core::catalog::{Catalog, Provider};
use connect_core::config::Theme;
use connect_core::search::{SignInKind, initials, search};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

use super::Announcer;
use crate::i18n::{I18n, Msg};

/// A provider's icon, or its initials when the image cannot load (offline, blocked, missing).
#[component]
pub fn ProviderIcon(
    /// The provider.
    provider: Provider,
) -> impl IntoView {
    let config = expect_context::<Arc<Config>>();
    let failed = RwSignal::new(false);
    let light = provider.icon_url(false).map(str::to_owned);
    let dark = provider.icon_url(true).map(str::to_owned);
    let text = initials(provider.title());
    let src = match config.theme {
        Theme::Dark => dark.clone(),
        _ => light.clone(),
    };
    // With the system's scheme, let the browser pick the dark icon itself.
    let dark_source = (config.theme == Theme::Auto && dark != light).then_some(dark).flatten();
    view! {
        <span class="cf-icon" aria-hidden="true">
            {move || match (&src, failed.get()) {
                (Some(src), false) => {
                    view! {
                        <picture>
                            {dark_source
                                .clone()
                                .map(|dark| view! { <source media="(prefers-color-scheme: dark)" srcset=dark /> })}
                            <img
                                src=src.clone()
                                alt=""
                                width="32"
                                height="32"
                                loading="lazy"
                                decoding="async"
                                referrerpolicy="no-referrer"
                                on:error=move |_| failed.set(true)
                            />
                        </picture>
                    }
                        .into_any()
                }
                _ => view! { <span class="cf-initials">{text.clone()}</span> }.into_any(),
            }}
        </span>
    }
}

/// Moves focus among the result buttons with the arrow keys, Home and End; up from the first goes
/// back to the search box.
fn move_focus(event: &KeyboardEvent) {
    let Some(current) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return;
    };
    let Some(item) = current.closest("li").ok().flatten() else {
        return;
    };
    let list = item.parent_element();
    let target = match event.key().as_str() {
        "ArrowDown" => item.next_element_sibling(),
        "ArrowUp" => item
            .previous_element_sibling()
            .or_else(|| document().get_element_by_id("cf-search")),
        "Home" => list.and_then(|l| l.first_element_child()),
        "End" => list.and_then(|l| l.last_element_child()),
        _ => return,
    };
    event.prevent_default();
    let focusable = target.and_then(|t| {
        if t.tag_name() == "LI" {
            t.query_selector("button").ok().flatten()
        } else {
            Some(t)
        }
    });
    if let Some(element) = focusable.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

/// The searchable list of providers.
#[component]
pub fn ProviderPicker(
    /// The catalog to choose from (restricted by the `providers` configuration).
    catalog: Arc<Catalog>,
    /// Called with the chosen provider's name.
    on_pick: Callback<String>,
) -> impl IntoView {
    let config = expect_context::<Arc<Config>>();
    let i18n = expect_context::<I18n>();
    let announcer = expect_context::<Announcer>();
    let query = RwSignal::new(String::new());
    let allow = config.providers.clone();
    let results = Memo::new(move |_| {
        query.with(|q| {
            search(&catalog, allow.as_deref(), q)
                .into_iter()
                .cloned()
                .collect::<Vec<Provider>>()
        })
    });
    let count_text = move || i18n.count(results.with(Vec::len), &query.get());
    let on_search_key = move |event: KeyboardEvent| {
        if event.key() == "ArrowDown" {
            event.prevent_default();
            if let Some(first) = document()
                .query_selector("#cf-results button")
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<HtmlElement>().ok())
            {
                let _ = first.focus();
            }
        }
    };
    view! {
        <section class="cf-panel cf-picker" aria-labelledby="cf-picker-title">
            <h1 id="cf-picker-title">{i18n.t(Msg::PickerTitle)}</h1>
            <p class="cf-muted">{i18n.t(Msg::PickerIntro)}</p>
            <div class="cf-field">
                <label for="cf-search">{i18n.t(Msg::SearchLabel)}</label>
                <input
                    id="cf-search"
                    type="search"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder=i18n.t(Msg::SearchExample)
                    aria-controls="cf-results"
                    aria-describedby="cf-results-count"
                    prop:value=move || query.get()
                    on:input:target=move |event| {
                        query.set(event.target().value());
                        announcer.say(count_text());
                    }
                    on:keydown=on_search_key
                />
            </div>
            <p id="cf-results-count" class="cf-muted cf-count">{count_text}</p>
            <ul id="cf-results" class="cf-providers" aria-label=i18n.t(Msg::ProvidersList) on:keydown=move |e| move_focus(&e)>
                <For each=move || results.get() key=|provider| provider.name.clone() let:provider>
                    <ProviderItem provider=provider on_pick=on_pick />
                </For>
            </ul>
        </section>
    }
}

/// One provider of the list: its icon, name and how its users sign in.
#[component]
fn ProviderItem(provider: Provider, on_pick: Callback<String>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let kind = i18n.sign_in_kind(SignInKind::of(&provider));
    let name = provider.name.clone();
    let title = provider.title().to_owned();
    let beta = provider
        .is_experimental()
        .then(|| view! { <span class="cf-badge">{i18n.t(Msg::Beta)}</span> });
    view! {
        <li>
            <button type="button" class="cf-provider" on:click=move |_| on_pick.run(name.clone())>
                <ProviderIcon provider=provider />
                <span class="cf-provider-text">
                    <span class="cf-provider-name">{title} {beta}</span>
                    <span class="cf-provider-kind">{kind}</span>
                </span>
            </button>
        </li>
    }
}
