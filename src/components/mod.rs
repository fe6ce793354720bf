//! The components: thin views over connect-core's values.

mod field;
mod form;
mod picker;
mod summary;

use std::sync::Arc;

use connect_core::config::{CatalogSource, ConfigIssue};
use connect_core::form::{FormSpec, Outcome};
use connect_core::{Catalog, Config};
use leptos::either::Either;
use leptos::prelude::*;

use crate::Host;
use crate::api::Client;
use crate::i18n::{I18n, Msg};

pub use field::{Field, FieldState};
pub use form::ConnectForm;
pub use picker::{ProviderIcon, ProviderPicker};
pub use summary::{ErrorSummary, SummaryItem};

/// The text of the page's polite live region, which is always mounted so screen readers hear every
/// change (a search's result count, "Connecting…", "connected").
#[derive(Debug, Clone, Copy)]
pub struct Announcer(pub RwSignal<String>);

impl Announcer {
    /// Says something politely.
    pub fn say(self, text: impl Into<String>) {
        self.0.set(text.into());
    }
}

/// The app with a parsed configuration: provides the context, loads the catalog, then shows the
/// picker or a provider's form.
#[component]
pub fn Root(
    /// The configuration, usually from the page's query string.
    config: Config,
    /// Where the app is mounted.
    host: Host,
) -> impl IntoView {
    let i18n = I18n::new(&config.lang);
    // On the root: the language and colour scheme, which the style sheet reads; the checked
    // `parentOrigin`, without which the iframe's loader posts nothing; and the host's look as
    // `data-cf-*`, which web/app.js applies through the CSSOM (a strict CSP allows that, unlike a
    // `style` attribute, and its few lines cost the download less than the same calls from here).
    let look = config.look.attributes();
    let origin = config
        .parent_origin
        .as_deref()
        .map(|origin| ("data-parent-origin", origin));
    host.set_attributes(
        [("lang", i18n.lang()), ("data-theme", config.theme.as_str())]
            .into_iter()
            .chain(origin)
            .chain(look.iter().map(|(name, value)| (*name, value.as_str()))),
    );
    let config = Arc::new(config);
    let client = Client::new(config.clone(), host);
    let announcer = Announcer(RwSignal::new(String::new()));
    provide_context(i18n);
    provide_context(client.clone());
    provide_context(config.clone());
    provide_context(announcer);
    provide_context(host);

    let body = match config.catalog {
        CatalogSource::Embedded => {
            Either::Left(view! { <WithCatalog catalog=Arc::new(Catalog::embedded()) fell_back=false /> })
        }
        CatalogSource::Live => {
            // Until the live catalog answers, say so; when it fails or is not a catalog, fall back to
            // the embedded one with a quiet notice.
            let loaded = RwSignal::new(None::<(Arc<Catalog>, bool)>);
            leptos::task::spawn_local_scoped_with_cancellation(async move {
                let result = match client.catalog().await {
                    Ok(catalog) => (Arc::new(catalog), false),
                    Err(_) => (Arc::new(Catalog::embedded()), true),
                };
                loaded.set(Some(result));
            });
            Either::Right(move || match loaded.get() {
                Some((catalog, fell_back)) => {
                    Either::Left(view! { <WithCatalog catalog=catalog fell_back=fell_back /> })
                }
                None => Either::Right(view! { <p class="cf-main cf-loading">{i18n.t(Msg::LoadingCatalog)}</p> }),
            })
        }
    };
    view! {
        <div class="cf">
            {body}
            <div class="cf-visually-hidden" role="status" aria-live="polite">{move || announcer.0.get()}</div>
        </div>
    }
}

/// The picker or a form, once the catalog is known.
#[component]
fn WithCatalog(catalog: Arc<Catalog>, fell_back: bool) -> impl IntoView {
    let config = expect_context::<Arc<Config>>();
    let i18n = expect_context::<I18n>();
    let host = expect_context::<Host>();
    let issues = config.check_providers(&catalog);
    if !issues.is_empty() {
        return Either::Left(view! { <ConfigErrors issues=issues /> });
    }
    let fixed = config.provider.is_some();
    // Importing tokens instead of signing in, when the host allows it (`allowTokenImport=true`).
    let importing = RwSignal::new(false);
    let selected = RwSignal::new(config.provider.clone());
    let pick = Callback::new(move |name: String| {
        selected.set(Some(name));
        host.focus_soon("cf-form-title");
    });
    let back = Callback::new(move |_: ()| {
        importing.set(false);
        selected.set(None);
        host.focus_soon("cf-search");
    });
    let notice = fell_back.then(|| view! { <p class="cf-notice">{i18n.t(Msg::LiveCatalogFallback)}</p> });
    let switch = Callback::new(move |_: ()| {
        importing.update(|i| *i = !*i);
        host.focus_soon("cf-form-title");
    });
    Either::Right(view! {
        <div class="cf-main" role=host.main_role()>
            {notice}
            {move || {
                // The form gets its spec, not a copy of the provider: only what it renders.
                let importing = importing.get();
                let chosen = selected.get().and_then(|name| catalog.get(&name).map(|provider| {
                    let module = config.module.as_deref();
                    let import = config
                        .allow_token_import
                        .then(|| FormSpec::token_import(provider, module))
                        .filter(|spec| spec.outcome() == Outcome::Form);
                    let can_import = import.is_some();
                    let spec = match import {
                        Some(import) if importing => import,
                        _ => FormSpec::for_provider(provider, module),
                    };
                    let icon = provider.icon_url().map(str::to_owned);
                    (spec, icon, can_import.then_some(switch))
                }));
                match chosen {
                    Some((spec, icon, switch)) => {
                        let back = (!fixed).then_some(back);
                        Either::Left(view! { <ConnectForm spec=spec icon=icon on_back=back on_switch=switch /> })
                    }
                    None => Either::Right(view! { <ProviderPicker catalog=catalog.clone() on_pick=pick /> }),
                }
            }}
        </div>
    })
}

/// What is wrong with the configuration, each problem naming its parameter. Never a blank page.
#[component]
pub fn ConfigErrors(
    /// The problems.
    issues: Vec<ConfigIssue>,
) -> impl IntoView {
    let i18n = use_context::<I18n>().unwrap_or_default();
    let role = use_context::<Host>().map_or(Some("main"), Host::main_role);
    view! {
        <div class="cf cf-main" role=role>
            <section class="cf-panel cf-config-errors" aria-labelledby="cf-config-title">
                <h1 id="cf-config-title">{i18n.t(Msg::ConfigTitle)}</h1>
                <p>{i18n.t(Msg::ConfigIntro)}</p>
                <ul>{issues.iter().map(|issue| view! { <li>{i18n.config_issue(issue)}</li> }).collect_view()}</ul>
                <p class="cf-muted">{i18n.t(Msg::ConfigOutro)}</p>
            </section>
        </div>
    }
}
