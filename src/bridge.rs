//! Telling the embedding page what happens, and taking its tokens, through the loader (web/loader.js),
//! which owns the transport: `window.connectForm.emit(name, detail)` posts `connect-form:{name}` to
//! `parentOrigin` only, and `window.connectForm.token()` gives the latest token the page handed over.
//! Two imported functions cost the download less than building events and listeners from the wasm.
//! Without the loader (the component tests), both fail quietly.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = connectForm, js_name = emit)]
    fn loader_emit(name: &str, detail: &str) -> Result<(), JsValue>;

    #[wasm_bindgen(catch, js_namespace = connectForm, js_name = token)]
    fn loader_token() -> Result<Option<String>, JsValue>;
}

/// Tells the page `connect-form:{name}`, with `detail`, JSON text of an object from
/// [`connect_core::events`].
pub fn emit(name: &str, detail: &str) {
    let _ = loader_emit(name, detail);
}

/// The latest token the page handed over (`connect-form:token`), if any.
pub fn token() -> Option<String> {
    loader_token().ok().flatten()
}
