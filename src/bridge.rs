//! Where the app lives and how it talks to the page that embeds it.
//!
//! The JavaScript that starts the app (web/app.js) hands [`crate::mount`] a root element and a
//! [`Port`]. In an iframe (web/loader.js) the root is `<html>` and the port posts
//! `connect-form:{name}` to the parent at `parentOrigin` only; mounted in a page (web/mount.js) the
//! root is an element in a shadow root and the port dispatches `CustomEvent`s on the host's element.
//! Either way the app calls the same methods, and finds its own elements under its root, so two
//! forms on one page never reach into each other. A port whose methods are missing or throw is
//! ignored quietly (for the catalog, that reads as a file that could not be fetched).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement};

#[wasm_bindgen]
extern "C" {
    /// The JavaScript object that carries the app's events to the page, and its tokens back.
    #[derive(Clone)]
    pub type Port;

    #[wasm_bindgen(catch, method)]
    fn emit(this: &Port, name: &str, detail: &str) -> Result<(), JsValue>;

    #[wasm_bindgen(catch, method)]
    fn token(this: &Port) -> Result<Option<String>, JsValue>;

    /// A file of the catalog shipped beside the form (web/app.js): its text or `null` (no such file)
    /// when it is at hand, else a promise of either, which rejects when the file cannot be fetched.
    #[wasm_bindgen(catch, method)]
    fn catalog(this: &Port, path: &str) -> Result<JsValue, JsValue>;
}

/// A file of the shipped catalog could not be fetched (offline, a server error); asking again tries
/// again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchFailed;

/// The app's root element and its port, kept in the reactive arena of the mount (so `Copy`, and gone
/// when the app is unmounted: then every method does nothing).
#[derive(Debug, Clone, Copy)]
pub struct Host(StoredValue<(Element, Port), LocalStorage>);

impl Host {
    /// The app under `root` (which carries its language, theme and look), talking through `port`.
    /// Call it inside the mount, whose end disposes of it.
    pub fn new(root: Element, port: Port) -> Self {
        Host(StoredValue::new_local((root, port)))
    }

    /// Sets attributes on the root element.
    pub fn set_attributes<'a>(self, attributes: impl IntoIterator<Item = (&'a str, &'a str)>) {
        self.0.try_with_value(|(root, _)| {
            for (name, value) in attributes {
                let _ = root.set_attribute(name, value);
            }
        });
    }

    /// The role of the app's main element: `main` on the form's own page; none in a host's page,
    /// which has its own main landmark.
    pub fn main_role(self) -> Option<&'static str> {
        let own = self.0.try_with_value(|(root, _)| root.tag_name() == "HTML");
        own.unwrap_or(true).then_some("main")
    }

    /// Tells the page `connect-form:{name}`, with `detail`, JSON text of an object from
    /// [`connect_core::events`].
    pub fn emit(self, name: &str, detail: &str) {
        self.0.try_with_value(|(_, port)| port.emit(name, detail));
    }

    /// The latest token the page handed over (`connect-form:token`, or the host script's
    /// `getToken`), if any.
    pub fn token(self) -> Option<String> {
        self.0.try_with_value(|(_, port)| port.token().ok().flatten()).flatten()
    }

    /// A file of the catalog shipped beside the form, by its path in
    /// [`connect_core::catalog_files`], when it is already at hand (web/app.js fetches the first
    /// screen's file alongside the wasm): its text, or `None` inside when there is no such file.
    /// Asking starts its fetch when it is not at hand, which [`Host::catalog_file`] then awaits.
    pub fn catalog_file_now(self, path: &str) -> Option<Option<String>> {
        let value = self.0.try_with_value(|(_, port)| port.catalog(path).ok()).flatten()?;
        if value.is_null() {
            Some(None)
        } else {
            value.as_string().map(Some)
        }
    }

    /// A file of the catalog shipped beside the form (see [`Host::catalog_file_now`]), fetched when
    /// it is not at hand.
    pub async fn catalog_file(self, path: &str) -> Result<Option<String>, FetchFailed> {
        let value = self
            .0
            .try_with_value(|(_, port)| port.catalog(path))
            .ok_or(FetchFailed)?;
        let value = value.map_err(|_| FetchFailed)?;
        let value = match value.dyn_into::<js_sys::Promise>() {
            Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise)
                .await
                .map_err(|_| FetchFailed)?,
            Err(value) => value,
        };
        if value.is_null() {
            Ok(None)
        } else {
            value.as_string().map(Some).ok_or(FetchFailed)
        }
    }

    /// The first element under the root that matches a CSS selector.
    pub fn find(self, selector: &str) -> Option<HtmlElement> {
        self.0
            .try_with_value(|(root, _)| root.query_selector(selector).ok().flatten())
            .flatten()
            .and_then(|e| e.dyn_into().ok())
    }

    /// Moves focus to this form's element with this id, scrolling it into view.
    pub fn focus(self, id: &str) {
        if let Some(element) = self.find(&format!("#{id}")) {
            let _ = element.focus();
            element.scroll_into_view();
        }
    }

    /// Moves focus after the current render, when the element exists.
    pub fn focus_soon(self, id: &'static str) {
        request_animation_frame(move || self.focus(id));
    }
}
