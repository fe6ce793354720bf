//! connect-form: the "connect your account" form, a Leptos app compiled to WebAssembly.
//!
//! [`App`] reads the configuration from the page's address and renders [`components::Root`], which
//! loads the catalog, offers the picker and shows a provider's form. The rules (what to ask, how to
//! check it, what to send) are connect-core's; components only render them.

#![warn(missing_docs)]

pub mod api;
pub mod bridge;
pub mod components;
pub mod dom;
pub mod i18n;
pub mod popup;

use leptos::either::Either;
use leptos::prelude::*;

use connect_core::Config;

pub use components::Root;

/// The app as trunk mounts it: configuration from the page's query string.
#[component]
pub fn App() -> impl IntoView {
    let query = window().location().search().unwrap_or_default();
    match Config::from_query(&query) {
        Ok(config) => Either::Left(view! { <Root config=config /> }),
        Err(issues) => Either::Right(view! { <components::ConfigErrors issues=issues /> }),
    }
}
