//! The provider picker: a search box over a list of buttons, operable with the keyboard.

use std::sync::Arc;

use connect_core::search::{Entry, Query, matching, window};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

use super::{Announcer, ProviderIcon};
use crate::Host;
use crate::i18n::{I18n, Msg};

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
    let target = match event.key().as_str() {
        "ArrowDown" => item.next_element_sibling(),
        "ArrowUp" => item
            .previous_element_sibling()
            .or_else(|| host.find("#cf-search").map(Into::into)),
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

/// The searchable list of providers. It shows a page of the matches at a time (`search::PAGE`, more
/// on request), so a keystroke touches at most that many rows whatever the catalog's size: the
/// rows are reused in place, and only their text, icon and target change.
#[component]
pub fn ProviderPicker(
    /// The providers to choose from (as the `providers` configuration allows), in order.
    entries: Arc<Vec<Entry>>,
    /// Called with the chosen provider's name.
    on_pick: Callback<String>,
    /// What the search box holds: the caller's, so that coming back from a form finds the same search.
    text: RwSignal<String>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let announcer = expect_context::<Announcer>();
    let host = expect_context::<Host>();
    let query = Memo::new(move |_| text.with(|t| Query::new(t)));
    let matches = {
        let entries = entries.clone();
        Memo::new(move |_| query.with(|q| matching(&entries, q)))
    };
    // Pages of results asked for: one per search, one more per "Show more".
    let pages = RwSignal::new(1);
    let shown = move || window(matches.with(Vec::len), pages.get());
    let count_text = move || i18n.count(matches.with(Vec::len), &text.get());
    let on_search_key = move |event: KeyboardEvent| {
        if event.key() == "ArrowDown" {
            event.prevent_default();
            if let Some(first) = host.find("#cf-results li button") {
                let _ = first.focus();
            }
        }
    };
    let rows = move || {
        let (shown, _) = shown();
        let positions: Vec<usize> = matches.with(|m| m[..shown].to_vec());
        positions
            .into_iter()
            .map(|at| {
                let entry = &entries[at];
                let kind = i18n.sign_in_kind(entry.kind);
                let beta = entry
                    .experimental
                    .then(|| view! { <span class="cf-badge">{i18n.t(Msg::Beta)}</span> });
                let name = entry.name.clone();
                view! {
                    <li>
                        <button type="button" class="cf-provider" on:click=move |_| on_pick.run(name.clone())>
                            <ProviderIcon title=entry.title.clone() icon=entry.icon.clone() />
                            <span class="cf-provider-text">
                                <span class="cf-provider-name">{entry.title.clone()} {beta}</span>
                                <span class="cf-provider-kind">{kind}</span>
                            </span>
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    // The next page, with focus on its first row so a keyboard goes on from where it was.
    let show_more = move |_| {
        let (first_new, _) = shown();
        pages.update(|p| *p += 1);
        request_animation_frame(move || {
            let row = host.find(&format!("#cf-results li:nth-child({}) button", first_new + 1));
            if let Some(button) = row {
                let _ = button.focus();
            }
        });
    };
    let more = move || {
        let (shown, more) = shown();
        let hidden = matches.with(Vec::len) - shown;
        (more > 0).then(|| {
            let label = i18n.f(
                Msg::ShowMore,
                &[("count", &more.to_string()), ("hidden", &hidden.to_string())],
            );
            view! { <button type="button" class="cf-secondary cf-more" on:click=show_more>{label}</button> }
        })
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
                    prop:value=move || text.get()
                    on:input:target=move |event| {
                        text.set(event.target().value());
                        pages.set(1);
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
                {rows}
            </ul>
            {more}
        </section>
    }
}
