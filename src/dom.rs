//! The few direct DOM operations the components need: focus, theme and the host's look.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// Moves focus to the element with this id, scrolling it into view.
pub fn focus_id(id: &str) {
    if let Some(element) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = element.focus();
        element.scroll_into_view();
    }
}

/// Moves focus after the current render, when the element exists.
pub fn focus_id_soon(id: &'static str) {
    request_animation_frame(move || focus_id(id));
}

/// Sets the page's language and colour scheme on `<html>`, which the style sheet reads, and the checked
/// `parentOrigin`, which the loader (web/loader.js) posts to: without it, the loader posts nothing.
pub fn set_document_attributes(lang: &str, theme: &str, parent_origin: Option<&str>) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", lang);
        let _ = root.set_attribute("data-theme", theme);
        if let Some(origin) = parent_origin {
            let _ = root.set_attribute("data-parent-origin", origin);
        }
    }
}

/// Hands the host's look to the loader (web/loader.js), which applies it through the CSSOM (allowed by
/// a strict Content-Security-Policy, unlike a `style` attribute): the checked values go into
/// `data-cf-*` attributes of the root element. (The loader's few lines of JS cost the download less
/// than the same DOM calls from the wasm.)
pub fn hand_over_look(look: &connect_core::config::Look) {
    if let Some(root) = document().document_element() {
        for (name, value) in look.attributes() {
            let _ = root.set_attribute(name, &value);
        }
    }
}
