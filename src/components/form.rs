//! A provider's form: the fields of its [`FormSpec`], the error summary, submitting and the result.

use std::sync::Arc;

use connect_core::api::ConnectionSummary;
use connect_core::assemble::generate_request;
use connect_core::form::{Flow, FormSpec};
use connect_core::validate::{FormValues, validate};
use connect_core::{Config, ConnectionRequest};
use leptos::either::Either;
use leptos::prelude::*;
use web_sys::SubmitEvent;

use super::{Announcer, ErrorSummary, Field, FieldState, ProviderIcon, SummaryItem};
use crate::api::{ApiError, Client};
use crate::dom;
use crate::i18n::{I18n, Msg};

/// The summary items for a failed call: the API's own words first (detail, causes, remedy), issues on
/// fields as links, and when to retry.
fn failure_items(error: &ApiError, spec: &FormSpec, fields: &[FieldState], i18n: I18n) -> Vec<SummaryItem> {
    let plain = |text: String| SummaryItem { text, target: None };
    let retry = |seconds: &Option<u64>| match seconds {
        Some(s) if *s > 0 => Some(i18n.f(Msg::RetryIn, &[("seconds", &s.to_string())])),
        Some(_) => Some(i18n.t(Msg::RetryLater).to_owned()),
        None => None,
    };
    match error {
        ApiError::Problem {
            status,
            problem,
            retry_after,
        } => {
            let mut items = Vec::new();
            let headline = problem.detail.clone().or_else(|| problem.title.clone());
            items.push(plain(
                headline.unwrap_or_else(|| i18n.f(Msg::HttpError, &[("status", &status.to_string())])),
            ));
            items.extend(problem.causes.iter().cloned().map(plain));
            let (on_fields, general) = problem.issues_by_field(spec);
            for (field, issue) in on_fields {
                let label = fields
                    .iter()
                    .find(|f| f.spec.target == field.target)
                    .map(|f| f.label.clone());
                let text = match label {
                    Some(label) => format!("{label}: {}", i18n.issue(issue)),
                    None => i18n.issue(issue),
                };
                items.push(SummaryItem {
                    text,
                    target: Some(field.dom_id()),
                });
            }
            items.extend(general.into_iter().map(|issue| plain(i18n.issue(issue))));
            items.extend(problem.remedy.clone().map(plain));
            items.extend(retry(retry_after).map(plain));
            items.extend(
                problem
                    .request_id
                    .as_ref()
                    .map(|id| plain(i18n.f(Msg::Reference, &[("id", id)]))),
            );
            items
        }
        ApiError::Http { status, retry_after } => {
            let mut items = vec![plain(i18n.f(Msg::HttpError, &[("status", &status.to_string())]))];
            items.extend(retry(retry_after).map(plain));
            items
        }
        ApiError::Unreadable => vec![plain(i18n.t(Msg::Unreadable).to_owned())],
        ApiError::Network => vec![plain(i18n.t(Msg::NetworkError).to_owned())],
        ApiError::Timeout => vec![plain(i18n.t(Msg::Timeout).to_owned())],
        ApiError::Token => vec![plain(i18n.t(Msg::TokenError).to_owned())],
        ApiError::Internal => vec![plain(i18n.t(Msg::Internal).to_owned())],
    }
}

/// The form for one provider.
#[component]
pub fn ConnectForm(
    /// The provider's form, from connect-core.
    spec: FormSpec,
    /// The provider's icons for light and dark pages.
    icons: (Option<String>, Option<String>),
    /// Back to the picker, when the user may choose another provider.
    on_back: Option<Callback<()>>,
) -> impl IntoView {
    let config = expect_context::<Arc<Config>>();
    let client = expect_context::<Client>();
    let i18n = expect_context::<I18n>();
    let announcer = expect_context::<Announcer>();
    let spec = Arc::new(spec);
    let title = spec.title.clone();
    let hold = StoredValue::new(false);
    let fields = StoredValue::new(
        spec.fields
            .iter()
            .cloned()
            .map(|f| FieldState::new(f, i18n, hold))
            .collect::<Vec<_>>(),
    );
    let submitted = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<String>);
    let connected = RwSignal::new(None::<ConnectionSummary>);

    // One request at a time: `pending` is set before the request leaves and cleared when it is
    // answered. (A plain flag and `spawn_local` do what an `Action` would, for less code in the
    // browser.)
    let pending = RwSignal::new(false);
    let send = {
        let title = title.clone();
        let spec = spec.clone();
        move |request: ConnectionRequest| {
            let client = client.clone();
            let title = title.clone();
            let spec = spec.clone();
            pending.set(true);
            leptos::task::spawn_local(async move {
                let result = client.generate(&request).await;
                drop(request);
                pending.set(false);
                match result {
                    Ok(connection) => {
                        // Connected: nothing the user typed, and no token, stays in memory.
                        fields.with_value(|fields| fields.iter().for_each(FieldState::clear));
                        client.forget_token();
                        announcer.say(i18n.f(Msg::ConnectedTitle, &[("provider", &title)]));
                        connected.set(Some(connection));
                        dom::focus_id_soon("cf-success");
                    }
                    Err(error) => {
                        if let ApiError::Problem { problem, .. } = &error {
                            let (on_fields, _) = problem.issues_by_field(&spec);
                            fields.with_value(|fields| {
                                for (field, issue) in on_fields {
                                    if let Some(state) = fields.iter().find(|s| s.spec.target == field.target) {
                                        state.server_error.set(Some(i18n.issue(issue)));
                                    }
                                }
                            });
                        }
                        announcer.say(String::new());
                        failure.set(Some(error));
                        dom::focus_id_soon("cf-summary");
                    }
                }
            });
        }
    };

    let on_submit = {
        let spec = spec.clone();
        let config = config.clone();
        let title = title.clone();
        move |event: SubmitEvent| {
            event.prevent_default();
            // One request at a time: a double click sends one.
            if pending.get_untracked() {
                return;
            }
            hold.set_value(false);
            fields.with_value(|fields| fields.iter().for_each(FieldState::commit));
            submitted.set(true);
            failure.set(None);
            notice.set(None);
            let values = fields.with_value(|fields| {
                let mut values = FormValues::new();
                for field in fields {
                    values.set(field.spec.target.clone(), field.value.get_untracked());
                }
                values
            });
            let Ok(validated) = validate(&spec, &values) else {
                dom::focus_id_soon("cf-summary");
                return;
            };
            let provider = [("provider", title.as_str())];
            match &spec.flow {
                Flow::Generate(_) => match generate_request(&spec, &validated, &config.identity) {
                    Ok(request) => {
                        announcer.say(i18n.t(Msg::Connecting));
                        send(request);
                    }
                    // The checks above make this unreachable; if it happens, say so rather than guess.
                    Err(_) => {
                        failure.set(Some(ApiError::Internal));
                        dom::focus_id_soon("cf-summary");
                    }
                },
                Flow::ContinueWithProvider { .. } => notice.set(Some(i18n.f(Msg::SignInNotYet, &provider))),
                Flow::MultiStep => notice.set(Some(i18n.f(Msg::MultiStepNotYet, &provider))),
                Flow::Unsupported(_) => {}
            }
        }
    };

    let summary = {
        let spec = spec.clone();
        move || {
            if let Some(error) = failure.get() {
                let items = fields.with_value(|fields| failure_items(&error, &spec, fields, i18n));
                return Some(view! { <ErrorSummary title=i18n.t(Msg::FailureTitle).to_owned() items=items /> });
            }
            if !submitted.get() {
                return None;
            }
            let items: Vec<SummaryItem> = fields.with_value(|fields| {
                fields
                    .iter()
                    .filter_map(|f| {
                        f.error.get().map(|text| SummaryItem {
                            text,
                            target: Some(f.id()),
                        })
                    })
                    .collect()
            });
            (!items.is_empty())
                .then(|| view! { <ErrorSummary title=i18n.t(Msg::SummaryTitle).to_owned() items=items /> })
        }
    };

    let provider_args = [("provider", title.as_str())];
    let heading = i18n.f(Msg::FormTitle, &provider_args);
    // One way back to the picker, worded for where the user is.
    let back = on_back.map(|back| {
        view! {
            <button type="button" class="cf-back" on:click=move |_| back.run(())>
                {move || i18n.t(if connected.with(Option::is_some) { Msg::ConnectAnother } else { Msg::ChooseAnother })}
            </button>
        }
    });
    let notes = {
        let mut notes = Vec::new();
        if spec.legacy_grant() {
            notes.push(i18n.f(Msg::LegacyGrant, &provider_args));
        }
        if spec.experimental {
            notes.push(i18n.f(Msg::ExperimentalNote, &provider_args));
        }
        notes
            .into_iter()
            .map(|n| view! { <p class="cf-notice">{n}</p> })
            .collect_view()
    };
    let submit_label = match spec.flow {
        Flow::ContinueWithProvider { .. } | Flow::MultiStep => i18n.f(Msg::ContinueTo, &provider_args),
        _ => i18n.t(Msg::Connect).to_owned(),
    };
    let body = match &spec.flow {
        Flow::Unsupported(reason) => Either::Left(view! {
            <h1 id="cf-form-title" tabindex="-1">{i18n.f(Msg::CannotConnect, &provider_args)}</h1>
            <p>{i18n.unsupported(reason, &title)}</p>
        }),
        _ => Either::Right(view! {
            <h1 id="cf-form-title" tabindex="-1" class="cf-form-title">
                <ProviderIcon
                    title=title.clone()
                    icons=icons
                />
                <span>{heading}</span>
            </h1>
            {notes}
            {summary}
            <form class="cf-form" novalidate method="post" on:submit=on_submit>
                {fields.with_value(|fields| fields.iter().cloned().map(|state| view! { <Field state=state /> }).collect_view())}
                <p class="cf-notice" role="status">{move || notice.get()}</p>
                <button
                    type="submit"
                    class="cf-primary"
                    on:pointerdown=move |_| hold.set_value(true)
                >
                    {move || if pending.get() { i18n.t(Msg::Connecting).to_owned() } else { submit_label.clone() }}
                </button>
            </form>
        }),
    };
    let success = move || {
        let title = title.clone();
        connected.get().map(|connection| {
            view! {
                <section id="cf-success" class="cf-success" tabindex="-1" aria-labelledby="cf-success-title">
                    <h1 id="cf-success-title">{i18n.f(Msg::ConnectedTitle, &[("provider", &title)])}</h1>
                    <p>{i18n.t(Msg::ConnectedBody)} " " <code class="cf-connection-id">{connection.id}</code></p>
                </section>
            }
        })
    };
    view! {
        <section class="cf-panel cf-connect" aria-labelledby="cf-form-title">
            {back}
            <div class="cf-stack" hidden=move || connected.with(Option::is_some)>
                {body}
            </div>
            {success}
        </section>
    }
}
