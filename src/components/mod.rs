//! The components: thin views over connect-core's values.

mod field;
mod form;
mod icon;
#[cfg(feature = "split")]
mod lazy;
#[cfg(feature = "picker")]
mod picker;
mod providers;
mod summary;

use std::sync::Arc;

use connect_core::config::{CatalogSource, ConfigIssue, ConfigProblem};
use connect_core::form::{FormSpec, Outcome};
use connect_core::{Config, Provider};
use leptos::either::{Either, EitherOf3, EitherOf5};
use leptos::prelude::*;

use crate::Host;
use crate::api::Client;
use crate::i18n::{I18n, Msg};

pub use field::{Field, FieldState};
pub use form::ConnectForm;
pub use icon::ProviderIcon;
#[cfg(feature = "picker")]
pub use picker::ProviderPicker;
pub use providers::{NotLoaded, Providers};
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

/// Where a component's handlers start their tasks: under the component's owner, so that a task ends
/// (at its next step) when the component goes, also when a handler starts it (handlers run outside
/// the owner that made them). The owner is held weakly: a callback that keeps this must not keep its
/// component alive, or nothing under it would ever be cleaned up.
#[derive(Clone)]
#[allow(missing_debug_implementations)]
pub struct Scope(Option<WeakOwner>);

impl Scope {
    /// The current component's.
    pub fn here() -> Self {
        Scope(Owner::current().map(|owner| owner.downgrade()))
    }

    /// Starts `task`, unless the component has gone.
    pub fn spawn(&self, task: impl Future<Output = ()> + 'static) {
        if let Some(owner) = self.0.as_ref().and_then(WeakOwner::upgrade) {
            owner.with(|| leptos::task::spawn_local_scoped_with_cancellation(task));
        }
    }
}

/// The app with a parsed configuration: provides the context, loads the first screen's part of the
/// catalog, then shows the picker or a provider's form.
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

    // The first screen's providers: at once when the page has them (the shipped catalog's part,
    // fetched alongside the wasm), else when they load. The live catalog falls back to the shipped
    // one, with a quiet notice.
    let first = RwSignal::new(match config.catalog {
        CatalogSource::Embedded => Providers::shipped_now(&config, host).map(|r| r.map(|p| (p, false))),
        CatalogSource::Live => None,
    });
    let scope = Scope::here();
    let load = {
        let config = config.clone();
        move || {
            first.set(None);
            let (config, client) = (config.clone(), client.clone());
            let task = async move {
                let live = config.catalog == CatalogSource::Live;
                let whole = if live { client.catalog().await.ok() } else { None };
                let loaded = match whole {
                    Some(catalog) => Ok((Providers::whole(catalog), false)),
                    // The shipped catalog; after a live one that failed, with the notice.
                    None => Providers::shipped(&config, host).await.map(|p| (p, live)),
                };
                first.set(Some(loaded));
            };
            scope.spawn(task);
        }
    };
    if first.with_untracked(Option::is_none) {
        load();
    }
    let retry = Callback::new(move |_: ()| load());
    let body = move || match first.get() {
        None => EitherOf3::A(view! { <p class="cf-main cf-loading">{i18n.t(Msg::LoadingCatalog)}</p> }),
        Some(Ok((providers, fell_back))) => {
            EitherOf3::B(view! { <WithProviders providers=providers fell_back=fell_back /> })
        }
        Some(Err(_)) => EitherOf3::C(view! {
            <div class="cf-main" role=host.main_role()>
                <NotLoaded title=i18n.t(Msg::ProvidersNotLoaded).to_owned() on_retry=retry on_back=None />
            </div>
        }),
    };
    view! {
        <div class="cf">
            {body}
            <div class="cf-visually-hidden" role="status" aria-live="polite">{move || announcer.0.get()}</div>
        </div>
    }
}

/// The provider the user is on, once picked (or named by the link).
#[derive(Debug, Clone)]
enum Chosen {
    /// Its entry is being fetched.
    Loading(String),
    /// Its entry did not load.
    NotLoaded(String),
    /// The link names a provider the catalog does not have.
    Unknown(String),
    /// Its entry.
    Ready(Arc<Provider>),
}

/// The picker or a form, once the first screen's providers are at hand.
#[component]
fn WithProviders(providers: Providers, fell_back: bool) -> impl IntoView {
    let config = expect_context::<Arc<Config>>();
    let i18n = expect_context::<I18n>();
    let host = expect_context::<Host>();
    let issues = providers.check(&config);
    if !issues.is_empty() {
        return Either::Left(view! { <ConfigErrors issues=issues /> });
    }
    let fixed = config.provider.is_some();
    let entries = Arc::new(providers.entries(&config));
    // Importing tokens instead of signing in, when the host allows it (`allowTokenImport=true`).
    let importing = RwSignal::new(false);
    // Whether the form, when its part of the app has loaded, takes focus: after a pick, not when the
    // page opens on it.
    let focus_form = StoredValue::new(false);
    let chosen = RwSignal::new(
        config
            .provider
            .clone()
            .map(|name| match providers.at_hand(host, &name) {
                Some(provider) => Chosen::Ready(provider),
                None => Chosen::Loading(name),
            }),
    );
    // A provider whose entry is not at hand is fetched; only the latest choice counts.
    let scope = Scope::here();
    let fetch = move |name: String| {
        let task = async move {
            let loaded = Providers::fetch(host, &name).await;
            if chosen.with_untracked(|c| matches!(c, Some(Chosen::Loading(n)) if *n == name)) {
                chosen.set(Some(match loaded {
                    Ok(Some(provider)) => Chosen::Ready(provider),
                    Ok(None) if fixed => Chosen::Unknown(name),
                    Ok(None) | Err(_) => Chosen::NotLoaded(name),
                }));
                host.focus_soon("cf-form-title");
            }
        };
        scope.spawn(task);
    };
    if let Some(Chosen::Loading(name)) = chosen.get_untracked() {
        fetch(name);
    }
    let pick = Callback::new(move |name: String| {
        focus_form.set_value(true);
        if let Some(provider) = providers.at_hand(host, &name) {
            chosen.set(Some(Chosen::Ready(provider)));
        } else {
            chosen.set(Some(Chosen::Loading(name.clone())));
            fetch(name);
        }
        host.focus_soon("cf-form-title");
    });
    let back = Callback::new(move |_: ()| {
        importing.set(false);
        chosen.set(None);
        host.focus_soon("cf-search");
    });
    let notice = fell_back.then(|| view! { <p class="cf-notice">{i18n.t(Msg::LiveCatalogFallback)}</p> });
    let switch = Callback::new(move |_: ()| {
        importing.update(|i| *i = !*i);
        host.focus_soon("cf-form-title");
    });
    #[cfg(feature = "picker")]
    let picker = {
        // The picker's search, kept while a form shows.
        let search = RwSignal::new(String::new());
        move |entries| view! { <ProviderPicker entries=entries on_pick=pick text=search /> }
    };
    // (Without the picker, a build that serves only pages opened on one provider: none to show.)
    #[cfg(not(feature = "picker"))]
    let picker = |_: Arc<Vec<connect_core::search::Entry>>| None::<&'static str>;
    let title_of = {
        let entries = entries.clone();
        move |name: &str| entries.iter().find(|e| e.name == name).map(|e| e.title.clone())
    };
    Either::Right(view! {
        <div class="cf-main" role=host.main_role()>
            {notice}
            {move || match chosen.get() {
                None => EitherOf5::A(picker(entries.clone())),
                Some(Chosen::Loading(name)) => EitherOf5::B(view! {
                    <section class="cf-panel" aria-labelledby="cf-form-title" aria-busy="true">
                        <h1 id="cf-form-title" tabindex="-1" class="cf-loading">
                            {title_of(&name).map_or_else(
                                || i18n.t(Msg::LoadingCatalog).to_owned(),
                                |title| i18n.f(Msg::LoadingProvider, &[("provider", &title)]),
                            )}
                        </h1>
                    </section>
                }),
                Some(Chosen::NotLoaded(name)) => {
                    let title = title_of(&name).map_or_else(
                        || i18n.t(Msg::FormNotLoaded).to_owned(),
                        |title| i18n.f(Msg::ProviderNotLoaded, &[("provider", &title)]),
                    );
                    let retry = Callback::new(move |_: ()| pick.run(name.clone()));
                    let back = (!fixed).then_some(back);
                    EitherOf5::C(view! { <NotLoaded title=title on_retry=retry on_back=back /> })
                }
                Some(Chosen::Unknown(name)) => {
                    let issues = vec![ConfigIssue { param: "provider", problem: ConfigProblem::UnknownProvider(name) }];
                    EitherOf5::D(view! { <ConfigErrors issues=issues /> })
                }
                Some(Chosen::Ready(provider)) => {
                    // The form gets its spec, not a copy of the provider: only what it renders.
                    let module = config.module.as_deref();
                    let import = config
                        .allow_token_import
                        .then(|| FormSpec::token_import(&provider, module))
                        .filter(|spec| spec.outcome() == Outcome::Form);
                    let switch = import.is_some().then_some(switch);
                    let spec = match import {
                        Some(import) if importing.get() => import,
                        _ => FormSpec::for_provider(&provider, module),
                    };
                    let icon = provider.icon_url().map(str::to_owned);
                    let back = (!fixed).then_some(back);
                    // In the split build, the form's part of the app, which the picker does not
                    // load until now (`lazy`); in the whole one, the form itself.
                    #[cfg(not(feature = "split"))]
                    let form = view! { <ConnectForm spec=spec icon=icon on_back=back on_switch=switch /> };
                    #[cfg(feature = "split")]
                    let form = {
                        let title = provider.title().to_owned();
                        let again = provider.clone();
                        Suspend::new(async move {
                            let loaded = lazy::form(spec, icon, back, switch).await;
                            if focus_form.get_value() {
                                host.focus_soon("cf-form-title");
                            }
                            match loaded {
                                Ok(form) => Either::Left(form),
                                Err(_) => {
                                    let title = i18n.f(Msg::ProviderNotLoaded, &[("provider", &title)]);
                                    let retry =
                                        Callback::new(move |_: ()| chosen.set(Some(Chosen::Ready(again.clone()))));
                                    Either::Right(view! { <NotLoaded title=title on_retry=retry on_back=back /> })
                                }
                            }
                        })
                    };
                    EitherOf5::E(form)
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
