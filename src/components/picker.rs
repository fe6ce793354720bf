//! The provider picker: a search box over a list of buttons, operable with the keyboard.

use std::sync::Arc;

use connect_core::search::{Entry, Query, initials};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

use super::Announcer;
use crate::Host;
use crate::i18n::{I18n, Msg};

/// A provider's icon over its initials: when the image cannot load (offline, blocked, missing) it is
/// hidden and the initials show. No state is kept for it: the DOM is the state.
#[component]
pub fn ProviderIcon(
    /// The provider's name, for the initials.
    title: String,
    /// Its icon. (One for light and dark pages: the style sheet gives it a light tile in dark mode.)
    icon: Option<String>,
) -> impl IntoView {
    let image = icon.map(|src| {
        view! {
            <img src=src alt="" width="32" height="32" loading="lazy" decoding="async"
                referrerpolicy="no-referrer" on:error=hide_broken />
        }
    });
    view! {
        <span class="cf-icon" aria-hidden="true">
            <span class="cf-initials">{initials(&title)}</span>
            {image}
        </span>
    }
}

/// Hides an image that failed to load, uncovering the initials beneath it.
fn hide_broken(event: web_sys::ErrorEvent) {
    if let Some(image) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) {
        let _ = image.set_attribute("hidden", "");
    }
}

/// Moves focus among the result buttons with the arrow keys, Home and End; up from the first goes
/// back to the search box.
fn move_focus(event: &KeyboardEvent, host: Host) {
    let Some(current) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return;
    };
    let Some(item) = current.closest("li").ok().flatten() else {
        return;
    };
    let list = item.parent_element();
    // Hidden items (filtered out by the search) are skipped.
    let step = |from: Option<Element>, forward: bool| {
        let mut at = from;
        while let Some(element) = &at {
            if !element.has_attribute("hidden") {
                break;
            }
            at = if forward {
                element.next_element_sibling()
            } else {
                element.previous_element_sibling()
            };
        }
        at
    };
    let target = match event.key().as_str() {
        "ArrowDown" => step(item.next_element_sibling(), true),
        "ArrowUp" => step(item.previous_element_sibling(), false).or_else(|| host.find("#cf-search").map(Into::into)),
        "Home" => step(list.and_then(|l| l.first_element_child()), true),
        "End" => step(list.and_then(|l| l.last_element_child()), false),
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

/// The searchable list of providers. Every provider is rendered once; the search only hides those
/// that do not match, which keeps both the page and the code small.
#[component]
pub fn ProviderPicker(
    /// The providers to choose from (as the `providers` configuration allows), in order.
    entries: Arc<Vec<Entry>>,
    /// Called with the chosen provider's name.
    on_pick: Callback<String>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let announcer = expect_context::<Announcer>();
    let host = expect_context::<Host>();
    let text = RwSignal::new(String::new());
    let query = Memo::new(move |_| text.with(|t| Query::new(t)));
    let count = {
        let entries = entries.clone();
        Memo::new(move |_| query.with(|q| entries.iter().filter(|e| q.matches(e)).count()))
    };
    let count_text = move || i18n.count(count.get(), &text.get());
    let on_search_key = move |event: KeyboardEvent| {
        if event.key() == "ArrowDown" {
            event.prevent_default();
            if let Some(first) = host.find("#cf-results li:not([hidden]) button") {
                let _ = first.focus();
            }
        }
    };
    let items = entries
        .iter()
        .cloned()
        .map(|entry| {
            let kind = i18n.sign_in_kind(entry.kind);
            let beta = entry
                .experimental
                .then(|| view! { <span class="cf-badge">{i18n.t(Msg::Beta)}</span> });
            let name = entry.name.clone();
            let title = entry.title.clone();
            let icon = entry.icon.clone();
            view! {
                <li hidden=move || !query.with(|q| q.matches(&entry))>
                    <button type="button" class="cf-provider" on:click=move |_| on_pick.run(name.clone())>
                        <ProviderIcon title=title.clone() icon=icon />
                        <span class="cf-provider-text">
                            <span class="cf-provider-name">{title} {beta}</span>
                            <span class="cf-provider-kind">{kind}</span>
                        </span>
                    </button>
                </li>
            }
        })
        .collect_view();
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
                    prop:value=move || text.get()
                    on:input:target=move |event| {
                        text.set(event.target().value());
                        announcer.say(count_text());
                    }
                    on:keydown=on_search_key
                />
            </div>
            <p id="cf-results-count" class="cf-muted cf-count">{count_text}</p>
            <ul
                id="cf-results"
                class="cf-providers"
                aria-label=i18n.t(Msg::ProvidersList)
                on:keydown=move |e| move_focus(&e, host)
            >
                {items}
            </ul>
        </section>
    }
}
