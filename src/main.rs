//! The app's entry points for its JavaScript (web/app.js): nothing starts by itself; the loader mounts
//! the app on the form's own page, and web/mount.js into an element of a host's page. (Exported here:
//! wasm-bindgen exports only the binary's own functions.)

use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement};

/// See [`connect_form::mount`].
#[wasm_bindgen]
pub fn mount(
    root: Element,
    target: HtmlElement,
    query: &str,
    form_origin: &str,
    settings: JsValue,
    port: connect_form::Port,
) -> usize {
    connect_form::mount(root, target, query, form_origin, settings, port)
}

/// See [`connect_form::unmount`].
#[wasm_bindgen]
pub fn unmount(number: usize) {
    connect_form::unmount(number);
}

fn main() {}
