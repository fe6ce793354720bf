//! connect-form: the "connect your account" form, a Leptos app compiled to WebAssembly.
//!
//! [`mount`] (called by web/app.js, on the form's own page or in an element of a host's page) reads
//! the configuration from a query string and renders [`components::Root`], which loads the catalog,
//! offers the picker and shows a provider's form. The rules (what to ask, how to check it, what to
//! send) are connect-core's; components only render them.

#![warn(missing_docs)]

pub mod api;
pub mod bridge;
pub mod components;
pub mod i18n;
pub mod popup;
pub mod timer;
pub mod urls;

use std::any::Any;
use std::cell::RefCell;

use leptos::either::Either;
use leptos::prelude::*;
use web_sys::{Element, HtmlElement};

use connect_core::Config;
use connect_core::config::ConfigIssue;
use connect_core::settings::{Settings, SettingsError};
use wasm_bindgen::JsValue;

pub use bridge::{Host, Port};
pub use components::Root;

thread_local! {
    /// The apps mounted by [`mount`], by number, until [`unmount`] (which frees the number for the
    /// next mount).
    static MOUNTED: RefCell<Vec<Option<Box<dyn Any>>>> = const { RefCell::new(Vec::new()) };
}

/// The configuration: the deployment's settings first, then the link's `query` within them.
/// `settings` is the text of the form's settings.json, `null` when the deployment has none (the
/// defaults then allow the least), and anything else when it could not be read.
fn configure(query: &str, form_origin: &str, settings: &JsValue) -> Result<Config, Vec<ConfigIssue>> {
    let settings = if let Some(text) = settings.as_string() {
        Settings::from_json(&text, form_origin, &urls::BrowserUrls).map_err(Config::settings_issue)?
    } else if settings.is_null() || settings.is_undefined() {
        Settings::defaults(form_origin)
    } else {
        return Err(Config::settings_issue(SettingsError::Unreadable));
    };
    Config::from_query(query, &settings, &urls::BrowserUrls)
}

/// Starts an app, configured by `query` (a URL query string, the configuration names of the
/// README) within the deployment's `settings` (see [`configure`]) for a form served from
/// `form_origin`, into `target`; `root` (`target` itself, or `<html>` in an iframe) carries its
/// language, theme and look, and holds every element it looks up. Its events go through `port`.
/// Returns the number [`unmount`] takes. (Exported to web/app.js by the binary, src/main.rs.)
pub fn mount(
    root: Element,
    target: HtmlElement,
    query: &str,
    form_origin: &str,
    settings: JsValue,
    port: Port,
) -> usize {
    let config = configure(query, form_origin, &settings);
    let handle = leptos::mount::mount_to(target, move || {
        let host = Host::new(root, port);
        provide_context(host);
        match config {
            Ok(config) => Either::Left(view! { <Root config=config host=host /> }),
            Err(issues) => {
                host.set_attributes([("lang", i18n::I18n::default().lang())]);
                Either::Right(view! { <components::ConfigErrors issues=issues /> })
            }
        }
    });
    let handle: Box<dyn Any> = Box::new(handle);
    MOUNTED.with_borrow_mut(|mounted| match mounted.iter().position(Option::is_none) {
        Some(free) => {
            mounted[free] = Some(handle);
            free
        }
        None => {
            mounted.push(Some(handle));
            mounted.len() - 1
        }
    })
}

/// Removes the app [`mount`] numbered `number`: its elements, listeners, timers and calls under way
/// (a sign-in's window is closed).
pub fn unmount(number: usize) {
    let handle = MOUNTED.with_borrow_mut(|mounted| mounted.get_mut(number).and_then(Option::take));
    drop(handle);
}
