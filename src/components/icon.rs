//! A provider's icon, in the picker's rows and a form's title.

use connect_core::search::initials;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

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
