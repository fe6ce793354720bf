//! A provider's form: the fields of its [`FormSpec`], the error summary, connecting (by submitting the
//! fields, or by signing in with the provider in a popup), an existing connection and its update, and
//! the result.

use std::sync::Arc;

use connect_core::api::ConnectionSummary;
use connect_core::assemble::{
    custom_auth_connect_request, custom_auth_resume_request, generate_request, oauth_connect_request, update_form,
    update_request, values_from_connection,
};
use connect_core::events;
use connect_core::form::{Credential, Flow, FormSpec, Target};
use connect_core::sign_in::{Baseline, CustomAuthStep, PopupMessage, Waiting};
use connect_core::validate::{FormValues, validate};
use connect_core::{AssembleError, Config};
use leptos::either::Either;
use leptos::prelude::*;
use web_sys::{SubmitEvent, Window};

use super::{Announcer, ErrorSummary, Field, FieldState, ProviderIcon, Scope, SummaryItem};
use crate::Host;
use crate::api::{ApiError, Client};
use crate::i18n::{I18n, Msg};
use crate::popup::{self, Poll, WaitEnd};

/// The summary items for a failed call: the API's own words first (detail, causes, remedy), issues on
/// fields as links, and when to retry.
fn failure_items(error: &ApiError, spec: &FormSpec, fields: &[FieldState], i18n: I18n) -> Vec<SummaryItem> {
    let plain = |text: String| SummaryItem { text, target: None };
    let retry = |seconds: &Option<u64>| match seconds {
        Some(s) if *s > 0 => Some(i18n.f(Msg::RetryIn, &[("seconds", &s.to_string())])),
        Some(_) => Some(i18n.t(Msg::RetryLater).to_owned()),
        None => None,
    };
    let provider = [("provider", spec.title.as_str())];
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
        ApiError::Denied(reason) => {
            let mut items = vec![plain(i18n.f(Msg::Denied, &provider))];
            items.extend(
                reason
                    .as_ref()
                    .map(|r| plain(i18n.f(Msg::DeniedReason, &[provider[0], ("reason", r)]))),
            );
            items
        }
        ApiError::WindowClosed => vec![plain(i18n.f(Msg::WindowClosed, &provider))],
        ApiError::Unreadable => vec![plain(i18n.t(Msg::Unreadable).to_owned())],
        ApiError::Network => vec![plain(i18n.t(Msg::NetworkError).to_owned())],
        ApiError::Timeout => vec![plain(i18n.t(Msg::Timeout).to_owned())],
        ApiError::Token => vec![plain(i18n.t(Msg::TokenError).to_owned())],
        ApiError::WrongUser => vec![plain(i18n.t(Msg::WrongUser).to_owned())],
        ApiError::Internal => vec![plain(i18n.t(Msg::Internal).to_owned())],
    }
}

/// Where a sign-in in a popup is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Stage {
    /// None under way.
    Idle,
    /// Waiting for the popup.
    Waiting,
    /// The popup was blocked: the link opens the same sign-in in a new tab.
    Blocked(String),
    /// The popup reads closed and no connection came: the form offers to try again, and still
    /// finishes by itself if the connection appears.
    SeemsClosed,
}

/// How a sign-in starts.
enum Start {
    /// `POST /oauth-connect` with this body.
    OAuth(Box<connect_core::api::OAuthConnectRequest>),
    /// `PATCH .../{id}:oauth-update`: sign in again for this connection.
    Renew(String),
    /// `POST /custom-auth/connect` with this first body.
    Custom(Box<connect_core::api::CustomAuthConnectRequest>),
}

/// The state of one provider's form, shared by its handlers. Cheap to clone.
#[derive(Clone)]
struct Ctx {
    client: Client,
    host: Host,
    /// Where its calls run: they end (at their next step) when the form goes.
    scope: Scope,
    config: Arc<Config>,
    spec: Arc<FormSpec>,
    i18n: I18n,
    announcer: Announcer,
    hold: StoredValue<bool>,
    fields: StoredValue<Vec<FieldState>>,
    update_fields: StoredValue<Vec<FieldState>>,
    /// The update form is on show (it stays on until the form goes away).
    updating: RwSignal<bool>,
    submitted: RwSignal<bool>,
    pending: RwSignal<bool>,
    failure: RwSignal<Option<ApiError>>,
    notice: RwSignal<Option<String>>,
    /// The connection made (or, while `updating`, updated).
    connected: RwSignal<Option<ConnectionSummary>>,
    existing: RwSignal<Option<ConnectionSummary>>,
    stage: RwSignal<Stage>,
    popup: StoredValue<Option<Window>, LocalStorage>,
    /// This form's sign-in window name ([`popup::window_name`]).
    popup_name: StoredValue<String>,
    /// The number of the sign-in under way; Cancel, leaving the form or a new sign-in change it, which
    /// ends the wait of the one before.
    attempt: StoredValue<u32>,
}

impl Ctx {
    /// The fields on show: the update form's while updating. (Tracked: views that read it follow the
    /// switch.)
    fn active(&self) -> StoredValue<Vec<FieldState>> {
        if self.updating.get() {
            self.update_fields
        } else {
            self.fields
        }
    }

    fn provider_args(&self) -> [(&'static str, &str); 1] {
        [("provider", self.spec.title.as_str())]
    }

    /// Connected (or updated): nothing the user typed, and no token, stays in memory.
    fn succeed(&self, connection: ConnectionSummary) {
        let updated = self.updating.get_untracked();
        for fields in [self.fields, self.update_fields] {
            fields.with_value(|fields| fields.iter().for_each(FieldState::clear));
        }
        self.client.forget_token();
        let msg = if updated {
            Msg::UpdatedTitle
        } else {
            Msg::ConnectedTitle
        };
        self.announcer.say(self.i18n.f(msg, &self.provider_args()));
        self.host
            .emit(events::name::CONNECTED, &events::connected(&connection, updated));
        self.existing.set(None);
        self.connected.set(Some(connection));
        self.host.focus_soon("cf-success");
    }

    /// Shows a message on the field on show that fills `target`, until the user changes it.
    fn mark(&self, target: &Target, message: impl FnOnce(&FieldState) -> String) {
        self.active().with_value(|fields| {
            if let Some(state) = fields.iter().find(|s| &s.spec.target == target) {
                state.server_error.set(Some(message(state)));
            }
        });
    }

    /// A failed call: its issues go to the fields they name, the rest to the summary.
    fn fail(&self, error: ApiError) {
        if let ApiError::Problem { problem, .. } = &error {
            for (field, issue) in problem.issues_by_field(&self.spec).0 {
                self.mark(&field.target, |_| self.i18n.issue(issue));
            }
        }
        self.host.emit(events::name::ERROR, &error.event(&self.spec.provider));
        self.announcer.say(String::new());
        self.failure.set(Some(error));
        self.host.focus_soon("cf-summary");
    }

    /// This user's connection to the provider, if the API lets the form list them.
    async fn find_existing(&self) -> Option<ConnectionSummary> {
        self.client
            .connections(&self.spec.provider)
            .await
            .ok()
            .and_then(|list| list.into_iter().next())
    }

    /// Shows an existing connection instead of the form.
    fn show_existing(&self, connection: ConnectionSummary) {
        self.announcer
            .say(self.i18n.f(Msg::ExistingTitle, &self.provider_args()));
        self.failure.set(None);
        self.existing.set(Some(connection));
        self.host.focus_soon("cf-existing-title");
    }

    /// Runs `task` under the form's owner, so it ends (at its next step) when the form goes: back to
    /// the picker, or the app unmounted.
    fn spawn(&self, task: impl Future<Output = ()> + 'static) {
        self.scope.spawn(task);
    }

    /// Runs one call at a time and reports its outcome. A refusal because the connection exists
    /// already (409) shows that connection.
    /// (Boxed: one copy of this code for every call.)
    fn run(&self, call: std::pin::Pin<Box<dyn Future<Output = Result<ConnectionSummary, ApiError>>>>) {
        let ctx = self.clone();
        self.pending.set(true);
        self.spawn(async move {
            let result = call.await;
            if let Err(ApiError::Problem { status: 409, .. }) = &result
                && let Some(existing) = ctx.find_existing().await
            {
                ctx.pending.set(false);
                ctx.show_existing(existing);
                return;
            }
            ctx.pending.set(false);
            match result {
                Ok(connection) => ctx.succeed(connection),
                Err(error) => ctx.fail(error),
            }
        });
    }

    /// The values of the fields on show.
    fn values(&self) -> FormValues {
        self.active().with_value(|fields| {
            let mut values = FormValues::new();
            for field in fields {
                values.set(field.spec.target.clone(), field.value.get_untracked());
            }
            values
        })
    }

    /// Submit (or Continue): check, then connect the way the provider does.
    fn submit(&self) {
        // One sign-in at a time: a second click brings its window forward (unless it seems closed:
        // then the click starts again).
        match self.stage.get_untracked() {
            Stage::Waiting | Stage::Blocked(_) => {
                self.popup.with_value(|p| p.as_ref().map(Window::focus));
                return;
            }
            // One request at a time: a double click sends one.
            Stage::Idle if self.pending.get_untracked() => return,
            _ => {}
        }
        self.hold.set_value(false);
        self.active()
            .with_value(|fields| fields.iter().for_each(FieldState::commit));
        self.submitted.set(true);
        self.failure.set(None);
        self.notice.set(None);
        let values = self.values();
        if self.updating.get_untracked() {
            return self.submit_update(&values);
        }
        let Ok(validated) = validate(&self.spec, &values) else {
            self.host.focus_soon("cf-summary");
            return;
        };
        let (identity, project) = (&self.config.identity, self.config.project.as_str());
        let internal = |_| {
            // The checks above make this unreachable; if it happens, say so rather than guess.
            self.fail(ApiError::Internal);
        };
        match &self.spec.flow {
            Flow::Generate(_) => match generate_request(&self.spec, &validated, identity) {
                Ok(request) => {
                    self.announcer.say(self.i18n.t(Msg::Connecting));
                    let client = self.client.clone();
                    self.run(Box::pin(async move { client.generate(&request).await }));
                }
                Err(error) => internal(error),
            },
            Flow::ContinueWithProvider { .. } => match oauth_connect_request(&self.spec, &validated, identity, project)
            {
                Ok(request) => self.sign_in(Start::OAuth(Box::new(request))),
                Err(error) => internal(error),
            },
            Flow::MultiStep => match custom_auth_connect_request(&self.spec, &validated, identity, project) {
                Ok(request) => self.sign_in(Start::Custom(Box::new(request))),
                Err(error) => internal(error),
            },
            Flow::Unsupported(_) => {}
        }
    }

    /// Opens the update form on the existing connection's values.
    fn start_update(&self) {
        let Some(existing) = self.existing.get_untracked() else {
            return;
        };
        let original = values_from_connection(&self.spec, &existing);
        self.update_fields.with_value(|fields| {
            for field in fields {
                field.clear();
                field.value.set(original.get(&field.spec.target).to_owned());
            }
        });
        self.submitted.set(false);
        self.notice.set(None);
        self.updating.set(true);
        self.host.focus_soon("cf-form-title");
    }

    /// Saves the update form: a PATCH whose mask names only what changed.
    fn submit_update(&self, values: &FormValues) {
        let Some(existing) = self.existing.get_untracked() else {
            return;
        };
        let original = values_from_connection(&self.spec, &existing);
        match update_request(&self.spec, values, &original) {
            Ok(request) => {
                let client = self.client.clone();
                self.run(Box::pin(async move { client.update(&existing.id, &request).await }));
            }
            Err(AssembleError::NothingChanged) => self.notice.set(Some(self.i18n.t(Msg::NothingChanged).to_owned())),
            Err(AssembleError::Invalid(errors)) => {
                for error in &errors {
                    self.mark(&error.target, |state| self.i18n.field_error(&error.kind, &state.label));
                }
                self.host.focus_soon("cf-summary");
            }
            Err(_) => self.fail(ApiError::Internal),
        }
    }

    /// Starts a sign-in: opens the popup now, inside the click, before any network call (a popup opened
    /// after one is blocked), then asks the API where to send it and waits.
    fn sign_in(&self, start: Start) {
        // A sign-in that seemed closed ends here, its window too, before the new one opens (they share
        // this form's window name).
        self.cancel();
        let popup = self.popup_name.with_value(|name| popup::open_blank(name));
        let number = self.attempt.get_value();
        self.popup.set_value(popup.clone());
        self.stage.set(Stage::Waiting);
        self.pending.set(true);
        self.announcer
            .say(self.i18n.f(Msg::SignInWaiting, &self.provider_args()));
        let ctx = self.clone();
        self.spawn(async move {
            let result = ctx.sign_in_steps(start, popup.as_ref(), number).await;
            // Cancelled, replaced by a new sign-in, or the form is gone: the newer state stands.
            let (Some(result), true) = (result, ctx.is_current(number)) else {
                return;
            };
            if let Some(popup) = &popup {
                let _ = popup.close();
            }
            ctx.popup.set_value(None);
            ctx.stage.set(Stage::Idle);
            ctx.pending.set(false);
            match result {
                Ok(connection) => ctx.succeed(connection),
                Err(error) => ctx.fail(error),
            }
        });
    }

    /// Whether sign-in `number` is still the one under way (and the form still there).
    fn is_current(&self, number: u32) -> bool {
        self.attempt.try_get_value() == Some(number)
    }

    /// Points the popup at `url`, or offers the link when the popup was blocked.
    fn show(&self, popup: Option<&Window>, url: &str) {
        match popup {
            Some(popup) => {
                let _ = popup.location().set_href(url);
                self.stage.set(Stage::Waiting);
            }
            None => {
                self.announcer
                    .say(self.i18n.f(Msg::PopupBlocked, &self.provider_args()));
                self.stage.set(Stage::Blocked(url.to_owned()));
            }
        }
    }

    /// The steps of a sign-in. `None` when it was cancelled.
    async fn sign_in_steps(
        &self,
        start: Start,
        popup: Option<&Window>,
        number: u32,
    ) -> Option<Result<ConnectionSummary, ApiError>> {
        let cancelled = || !self.is_current(number);
        let seems_closed = || {
            if self.is_current(number) {
                self.announcer.say(self.i18n.f(Msg::SeemsClosed, &self.provider_args()));
                self.stage.set(Stage::SeemsClosed);
            }
        };
        let (url, renew) = match start {
            Start::OAuth(request) => (self.client.oauth_connect(&request).await, None),
            Start::Renew(id) => (self.client.oauth_update(&id).await, Some(id)),
            // Multi-step custom auth: each redirect step in the popup, until a connection comes back.
            Start::Custom(first) => {
                let mut request = *first;
                loop {
                    let (url, session_id) = match self.client.custom_auth(&request).await {
                        Ok(CustomAuthStep::Connected(connection)) => return Some(Ok(connection)),
                        Ok(CustomAuthStep::Redirect { url, session_id }) => (url, session_id),
                        Err(error) => return Some(Err(error)),
                    };
                    self.show(popup, &url);
                    // Believed from the pinned API's origin only: the step page's address comes from
                    // the API's answer, which must not choose whom the form believes.
                    let origin = self.config.api_origin.clone();
                    match popup::wait(Waiting::CustomAuth, origin, popup, None, &cancelled, &|| {}).await {
                        WaitEnd::Message(PopupMessage::CustomAuth(params)) => {
                            request = custom_auth_resume_request(&self.config.project, &session_id, params);
                        }
                        WaitEnd::Cancelled => return None,
                        WaitEnd::Closed => return Some(Err(ApiError::WindowClosed)),
                        _ => return Some(Err(ApiError::Internal)),
                    }
                }
            }
        };
        // OAuth2 authorization code.
        let url = match url {
            Ok(url) => url,
            Err(error) => return Some(Err(error)),
        };
        // What the list looks like now, to see the connection appear or change.
        let baseline = self.client.connections(&self.spec.provider).await.ok();
        self.show(popup, &url);
        let poll = baseline.map(|list| Poll {
            client: &self.client,
            provider: &self.spec.provider,
            baseline: Baseline::of(&list),
            expected: renew.clone(),
        });
        let api_origin = self.config.api_origin.clone();
        match popup::wait(Waiting::OAuth, api_origin, popup, poll, &cancelled, &seems_closed).await {
            WaitEnd::Found(connection) => Some(Ok(connection)),
            // Only when the API does not let the form list (see `popup::wait`).
            WaitEnd::Message(PopupMessage::Succeeded(id)) => {
                let listed = self.client.connections(&self.spec.provider).await.unwrap_or_default();
                let connection = listed.into_iter().find(|c| c.id == id).unwrap_or(ConnectionSummary {
                    id,
                    provider: self.spec.provider.clone(),
                    ..ConnectionSummary::default()
                });
                Some(Ok(connection))
            }
            WaitEnd::Message(PopupMessage::Failed(reason)) => Some(Err(ApiError::Denied(reason))),
            WaitEnd::Message(PopupMessage::CustomAuth(_)) => Some(Err(ApiError::Internal)),
            WaitEnd::Closed => Some(Err(ApiError::WindowClosed)),
            WaitEnd::Cancelled => None,
        }
    }

    /// Stops waiting for the sign-in under way, if any, and closes its window.
    fn cancel(&self) {
        self.attempt.update_value(|n| *n += 1);
        self.popup.with_value(|p| p.as_ref().map(Window::close));
        if self.stage.get_untracked() != Stage::Idle {
            self.stage.set(Stage::Idle);
            self.pending.set(false);
            self.announcer.say(String::new());
        }
    }
}

/// The form for one provider.
#[component]
pub fn ConnectForm(
    /// The provider's form, from connect-core.
    spec: FormSpec,
    /// The provider's icon.
    icon: Option<String>,
    /// Back to the picker, when the user may choose another provider.
    on_back: Option<Callback<()>>,
    /// Switches between signing in and importing tokens, when the host allows importing.
    #[prop(optional_no_strip)]
    on_switch: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let hold = StoredValue::new(false);
    let states = |spec: &FormSpec| {
        spec.fields
            .iter()
            .cloned()
            .map(|f| FieldState::new(f, i18n, hold))
            .collect::<Vec<_>>()
    };
    let can_update = matches!(spec.flow, Flow::Generate(c) if c != Credential::Tokens);
    let update_spec = update_form(&spec);
    let ctx = Ctx {
        client: expect_context::<Client>(),
        host: expect_context::<Host>(),
        scope: Scope::here(),
        config: expect_context::<Arc<Config>>(),
        i18n,
        announcer: expect_context::<Announcer>(),
        hold,
        fields: StoredValue::new(states(&spec)),
        update_fields: StoredValue::new(if can_update { states(&update_spec) } else { Vec::new() }),
        spec: Arc::new(spec),
        updating: RwSignal::new(false),
        submitted: RwSignal::new(false),
        pending: RwSignal::new(false),
        failure: RwSignal::new(None),
        notice: RwSignal::new(None),
        connected: RwSignal::new(None),
        existing: RwSignal::new(None),
        stage: RwSignal::new(Stage::Idle),
        popup: StoredValue::new_local(None),
        popup_name: StoredValue::new(popup::window_name()),
        attempt: StoredValue::new(0),
    };
    let can_update = can_update && ctx.update_fields.with_value(|f| !f.is_empty());
    let can_reconnect = matches!(ctx.spec.flow, Flow::ContinueWithProvider { .. });
    let spec = ctx.spec.clone();
    let title = spec.title.clone();
    let Ctx {
        updating,
        submitted,
        pending,
        failure,
        notice,
        connected,
        existing,
        stage,
        ..
    } = ctx.clone();

    // The user's connection to this provider, when the API lets the form list them.
    if !matches!(spec.flow, Flow::Unsupported(_)) {
        let ctx = ctx.clone();
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            if let Some(found) = ctx.find_existing().await {
                ctx.existing.try_set(Some(found));
            }
        });
    }
    // Leaving the form (back to the picker) ends a sign-in under way.
    on_cleanup({
        let (attempt, popup) = (ctx.attempt, ctx.popup);
        move || {
            attempt.try_update_value(|n| *n += 1);
            popup.try_with_value(|p| p.as_ref().map(Window::close));
        }
    });

    let on_submit = {
        let ctx = ctx.clone();
        move |event: SubmitEvent| {
            event.prevent_default();
            ctx.submit();
        }
    };

    let summary = {
        let ctx = ctx.clone();
        move || {
            let fields = ctx.active();
            if let Some(error) = failure.get() {
                let items = fields.with_value(|fields| failure_items(&error, &ctx.spec, fields, i18n));
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
    let importing = spec.flow == Flow::Generate(Credential::Tokens);
    let heading = {
        let title = title.clone();
        move || {
            let msg = if updating.get() {
                Msg::UpdateTitle
            } else if importing {
                Msg::ImportTitle
            } else {
                Msg::FormTitle
            };
            i18n.f(msg, &[("provider", &title)])
        }
    };
    // One way back to the picker, worded for where the user is.
    let back = on_back.map(|back| {
        view! {
            <button type="button" class="cf-back" on:click=move |_| back.run(())>
                {move || i18n.t(if connected.with(Option::is_some) { Msg::ConnectAnother } else { Msg::ChooseAnother })}
            </button>
        }
    });
    let switch = on_switch.map(|switch| {
        let label = if importing {
            i18n.f(Msg::SignInInstead, &provider_args)
        } else {
            i18n.t(Msg::ImportTokens).to_owned()
        };
        view! {
            <button type="button" class="cf-link-button" on:click=move |_| switch.run(())>
                {label}
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
    let button_label = move || {
        if pending.get() && stage.with(|s| *s != Stage::SeemsClosed) {
            i18n.t(Msg::Connecting).to_owned()
        } else if updating.get() {
            i18n.t(Msg::SaveChanges).to_owned()
        } else {
            submit_label.clone()
        }
    };
    let fields_view = {
        let ctx = ctx.clone();
        move || {
            ctx.active().with_value(|fields| {
                fields
                    .iter()
                    .cloned()
                    .map(|state| view! { <Field state=state /> })
                    .collect_view()
            })
        }
    };
    let update_hint = move || {
        updating
            .get()
            .then(|| view! { <p class="cf-hint">{i18n.t(Msg::UpdateHint)}</p> })
    };
    // While a sign-in is under way: what to do, the link when the popup was blocked, and Cancel.
    // (Static markup with reactive text costs the download less than views built per stage.)
    let waiting = {
        let ctx = ctx.clone();
        let title = title.clone();
        let text = move || {
            let msg = match stage.get() {
                Stage::Idle => return String::new(),
                Stage::Waiting => Msg::SignInWaiting,
                Stage::SeemsClosed => Msg::SeemsClosed,
                Stage::Blocked(_) => Msg::PopupBlocked,
            };
            i18n.f(msg, &[("provider", &title)])
        };
        let blocked = move || match stage.get() {
            Stage::Blocked(url) => Some(url),
            _ => None,
        };
        view! {
            <div class="cf-notice cf-waiting" hidden=move || stage.with(|s| *s == Stage::Idle)>
                <p>
                    {text} " "
                    <a href=blocked hidden=move || blocked().is_none() target="_blank" rel="opener">
                        {i18n.f(Msg::OpenInTab, &provider_args)}
                    </a>
                </p>
                <button type="button" class="cf-secondary" on:click=move |_| {
                    ctx.cancel();
                    ctx.host.emit(events::name::CANCEL, &events::cancel(&ctx.spec.provider));
                }>
                    {i18n.t(Msg::Cancel)}
                </button>
            </div>
        }
    };
    let existing_card = {
        let ctx = ctx.clone();
        move || {
            let connection = existing.get().filter(|_| !updating.get())?;
            let facts = [
                (Msg::Workspace, connection.workspace.clone()),
                (
                    Msg::ConnectedOn,
                    connection.create_time.as_deref().map(|t| t.chars().take(10).collect()),
                ),
                (Msg::Status, connection.status.as_ref().map(|s| i18n.status(s))),
            ];
            let facts = facts
                .into_iter()
                .filter_map(|(label, value)| Some(view! { <dt>{i18n.t(label)}</dt> <dd>{value?}</dd> }))
                .collect_view();
            // An OAuth connection signs in again; the others update their credentials (a provider has
            // one or the other, or neither).
            let action = (can_reconnect || can_update).then(|| {
                let ctx = ctx.clone();
                let id = connection.id.clone();
                let label = if can_reconnect {
                    Msg::Reconnect
                } else {
                    Msg::UpdateCredentials
                };
                view! {
                    <button type="button" class="cf-primary" on:click=move |_| {
                        if !can_reconnect {
                            ctx.start_update();
                        } else if ctx.stage.get_untracked() == Stage::Idle {
                            ctx.failure.set(None);
                            ctx.sign_in(Start::Renew(id.clone()));
                        }
                    }>{i18n.t(label)}</button>
                }
            });
            Some(view! {
                <section class="cf-existing" aria-labelledby="cf-existing-title">
                    <h2 id="cf-existing-title" tabindex="-1">{i18n.f(Msg::ExistingTitle, &ctx.provider_args())}</h2>
                    <dl class="cf-facts">{facts}</dl>
                    {action}
                </section>
            })
        }
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
                    icon=icon
                />
                <span>{heading}</span>
            </h1>
            {notes}
            {summary}
            {existing_card}
            {waiting}
            <form
                class="cf-form"
                novalidate
                method="post"
                on:submit=on_submit
                hidden=move || existing.with(Option::is_some) && !updating.get()
            >
                {switch}
                {update_hint}
                {fields_view}
                <p class="cf-notice" role="status">{move || notice.get()}</p>
                <button
                    type="submit"
                    class="cf-primary"
                    on:pointerdown=move |_| hold.set_value(true)
                >
                    {button_label}
                </button>
            </form>
        }),
    };
    let success = {
        let title = title.clone();
        let read = move |f: fn(&ConnectionSummary) -> Option<String>| connected.with(|c| c.as_ref().and_then(f));
        view! {
            <section
                id="cf-success"
                class="cf-success"
                tabindex="-1"
                aria-labelledby="cf-success-title"
                hidden=move || connected.with(Option::is_none)
            >
                <h1 id="cf-success-title">
                    {move || {
                        let msg = if updating.get() { Msg::UpdatedTitle } else { Msg::ConnectedTitle };
                        i18n.f(msg, &[("provider", &title)])
                    }}
                </h1>
                <p>
                    {i18n.t(Msg::ConnectedBody)} " "
                    <code class="cf-connection-id">{move || read(|c| Some(c.id.clone()))}</code>
                </p>
                <p hidden=move || read(|c| c.workspace.clone()).is_none()>
                    {i18n.t(Msg::Workspace)} ": "
                    <strong class="cf-workspace">{move || read(|c| c.workspace.clone())}</strong>
                </p>
            </section>
        }
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
