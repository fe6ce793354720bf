//! The parts of the split build (the `split` feature: scripts/postbuild.mjs builds it for the picker and
//! runs `wasm-split-cli` on it) that a screen loads only when it needs them, each a wasm chunk of its
//! own, fetched the first time it is shown. (The whole build, and `trunk serve` and the component
//! tests, render them directly.) A chunk that does not arrive is reported like a catalog file that
//! does not ([`FetchFailed`]): the caller says so and offers to try again, which fetches it again (a
//! failure is not remembered), and nothing the page holds is lost.

use connect_core::FormSpec;
use leptos::prelude::*;

use super::ConnectForm;
use crate::bridge::FetchFailed;

impl From<leptos::wasm_split::SplitLoaderError> for FetchFailed {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        FetchFailed
    }
}

/// A provider's form with everything behind it (validation, the calls to the API, signing in,
/// existing connections): the picker does not need it until a provider is picked.
#[leptos::wasm_split::wasm_split(form, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn form(
    spec: FormSpec,
    icon: Option<String>,
    on_back: Option<Callback<()>>,
    on_switch: Option<Callback<()>>,
) -> Result<AnyView, FetchFailed> {
    Ok(view! { <ConnectForm spec=spec icon=icon on_back=on_back on_switch=on_switch /> }.into_any())
}
