//! One field of a provider's form: its label, control, help and messages, all from a [`FieldSpec`].

use std::sync::Arc;

use connect_core::catalog::https_only;
use connect_core::form::{FieldKind, FieldSpec};
use connect_core::template::Placement;
use connect_core::validate::{Normalization, check_field};
use leptos::either::Either;
use leptos::prelude::*;

use crate::i18n::{I18n, Msg};

/// The state of one field: what is typed, what was last checked, and what to tell the user.
#[derive(Debug, Clone)]
pub struct FieldState {
    /// What to ask.
    pub spec: Arc<FieldSpec>,
    /// The label, in the user's language.
    pub label: String,
    /// What is typed now.
    pub value: RwSignal<String>,
    /// The value when the user last left the field or submitted; errors are about this value, so
    /// they do not flicker while the user types.
    pub checked: RwSignal<Option<String>>,
    /// A value taken out of a pasted address, to tell the user.
    pub note: RwSignal<Option<Normalization>>,
    /// What the API said about this field, until the user changes it.
    pub server_error: RwSignal<Option<String>>,
    /// A secret shown in clear.
    pub revealed: RwSignal<bool>,
    /// The message to show, if any.
    pub error: Memo<Option<String>>,
    /// Shared by the form's fields: set when the pointer goes down on the submit button, and spent by
    /// the blur that follows, or by typing (a touch on the button that turned into a scroll). Checking on that blur would insert a message above the button and move
    /// it away before the click lands; the submit checks every field anyway.
    pub hold: StoredValue<bool>,
}

impl FieldState {
    /// A new, empty field.
    pub fn new(spec: FieldSpec, i18n: I18n, hold: StoredValue<bool>) -> Self {
        let spec = Arc::new(spec);
        let label = i18n.label(&spec.label);
        let checked = RwSignal::new(None::<String>);
        let server_error = RwSignal::new(None::<String>);
        let error = {
            let spec = spec.clone();
            let label = label.clone();
            Memo::new(move |_| {
                if let Some(message) = server_error.get() {
                    return Some(message);
                }
                let value = checked.get()?;
                check_field(&spec, &value)
                    .err()
                    .map(|kind| i18n.field_error(&kind, &label))
            })
        };
        FieldState {
            spec,
            label,
            value: RwSignal::new(String::new()),
            checked,
            note: RwSignal::new(None),
            server_error,
            revealed: RwSignal::new(false),
            error,
            hold,
        }
    }

    /// The control's id.
    pub fn id(&self) -> String {
        self.spec.dom_id()
    }

    /// The user typed: keep the value; once an error shows, drop it as soon as the value is right.
    pub fn input(&self, text: String) {
        self.hold.set_value(false);
        self.server_error.set(None);
        self.note.set(None);
        if self.checked.get_untracked().is_some() && check_field(&self.spec, &text).is_ok() {
            self.checked.set(Some(text.clone()));
        }
        self.value.set(text);
    }

    /// The user left the field or submitted: check what is there, and use the value found in a
    /// pasted address (telling the user so).
    pub fn commit(&self) {
        let value = self.value.get_untracked();
        if let Ok(checked) = check_field(&self.spec, &value)
            && let Some(normalization) = checked.normalization
        {
            self.value.set(normalization.to.clone());
            self.checked.set(Some(normalization.to.clone()));
            self.note.set(Some(normalization));
            return;
        }
        self.checked.set(Some(value));
    }

    /// Forgets what was typed (after connecting, so no secret stays in memory).
    pub fn clear(&self) {
        self.value.set(String::new());
        self.checked.set(None);
        self.note.set(None);
        self.server_error.set(None);
    }

    /// A hint under the label, from where the value goes.
    fn hint(&self, i18n: I18n) -> Option<String> {
        match (&self.spec.kind, &self.spec.placement) {
            (FieldKind::Scopes, _) => Some(i18n.t(Msg::ScopesHint).to_owned()),
            (_, Placement::HostLabel(slots)) => {
                let (before, after) = slots.first()?.host_around();
                let example = format!("{before}acme{after}");
                (!example.contains('*')).then(|| i18n.f(Msg::LabelHint, &[("example", &example)]))
            }
            (_, Placement::BaseUrl { .. }) => Some(i18n.t(Msg::UrlHint).to_owned()),
            _ => None,
        }
    }
}

/// A labelled control with its hint, messages and help link.
#[component]
pub fn Field(
    /// The field.
    state: FieldState,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let id = state.id();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let note_id = format!("{id}-note");
    let hint = state.hint(i18n);
    let has_hint = hint.is_some();
    let spec = state.spec.clone();
    let label = state.label.clone();
    let error = state.error;
    let note = state.note;
    let described_by = {
        let (hint_id, error_id, note_id) = (hint_id.clone(), error_id.clone(), note_id.clone());
        move || {
            let mut ids = Vec::new();
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            if has_hint {
                ids.push(hint_id.clone());
            }
            if note.with(Option::is_some) {
                ids.push(note_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || if error.with(Option::is_some) { "true" } else { "false" };
    let optional = (!spec.required).then(|| view! { <span class="cf-optional">{" "}{i18n.t(Msg::Optional)}</span> });
    let control = control(state.clone(), id.clone(), described_by, invalid, i18n);
    let docs = spec
        .docs_url
        .as_deref()
        .and_then(https_only)
        .map(str::to_owned)
        .map(|url| {
            view! {
                <a class="cf-docs" href=url target="_blank" rel="noopener noreferrer">
                    {i18n.t(Msg::WhereToFind)}
                    <span class="cf-visually-hidden">{format!(" {label} {}", i18n.t(Msg::OpensInNewTab))}</span>
                </a>
            }
        });
    // Messages are rendered only while they exist; the field's invalid look comes from the style
    // sheet (`[aria-invalid="true"]`), so one piece of state drives everything.
    view! {
        <div class="cf-field">
            <label for=id.clone()>{state.label.clone()} {optional}</label>
            {hint.map(|hint| view! { <p id=hint_id class="cf-hint">{hint}</p> })}
            {move || error.get().map(|text| view! { <p id=error_id.clone() class="cf-error">{text}</p> })}
            {control}
            {move || {
                note.get()
                    .map(|n| {
                        view! {
                            <p id=note_id.clone() class="cf-note">
                                {i18n.f(Msg::Normalized, &[("value", &n.to)])}
                            </p>
                        }
                    })
            }}
            {docs}
        </div>
    }
}

/// The control itself: a select, or an input (with a show/hide toggle for secrets). Scopes are typed
/// in an input too, separated by spaces or commas (core also accepts pasted new lines).
fn control(
    state: FieldState,
    id: String,
    described_by: impl Fn() -> Option<String> + Send + Sync + Clone + 'static,
    invalid: impl Fn() -> &'static str + Send + Sync + Copy + 'static,
    i18n: I18n,
) -> impl IntoView {
    let spec = state.spec.clone();
    let value = state.value;
    let on_input = {
        let state = state.clone();
        move |text: String| state.input(text)
    };
    let on_blur = {
        let state = state.clone();
        move |_| {
            if state.hold.get_value() {
                state.hold.set_value(false);
            } else {
                state.commit();
            }
        }
    };
    let placeholder = spec.example.clone();
    match &spec.kind {
        FieldKind::Select(options) => {
            let options = options.clone();
            Either::Left(view! {
                <select
                    id=id
                    aria-invalid=invalid
                    aria-describedby=described_by
                    aria-required=spec.required.then_some("true")
                    prop:value=move || value.get()
                    on:change:target=move |e| on_input(e.target().value())
                    on:blur=on_blur
                >
                    <option value="">{i18n.t(Msg::ChooseOption)}</option>
                    {options
                        .into_iter()
                        .map(|o| view! { <option value=o.value.clone()>{o.label.clone()}</option> })
                        .collect_view()}
                </select>
            })
        }
        FieldKind::Secret | FieldKind::Text | FieldKind::DateTime | FieldKind::Scopes => {
            let secret = spec.kind == FieldKind::Secret;
            let revealed = state.revealed;
            let label = state.label.clone();
            let toggle = secret.then(|| {
                let toggle_label = move || {
                    let msg = if revealed.get() { Msg::HideLabel } else { Msg::ShowLabel };
                    i18n.f(msg, &[("label", &label)])
                };
                view! {
                    <button
                        type="button"
                        class="cf-reveal"
                        aria-label=toggle_label
                        on:click=move |_| revealed.update(|r| *r = !*r)
                    >
                        {move || i18n.t(if revealed.get() { Msg::Hide } else { Msg::Show })}
                    </button>
                }
            });
            Either::Right(view! {
                <div class="cf-control">
                    <input
                        id=id
                        type=move || if secret && !revealed.get() { "password" } else { "text" }
                        autocomplete=spec.autocomplete
                        spellcheck="false"
                        autocapitalize="off"
                        placeholder=placeholder
                        aria-invalid=invalid
                        aria-describedby=described_by
                        aria-required=spec.required.then_some("true")
                        prop:value=move || value.get()
                        on:input:target=move |e| on_input(e.target().value())
                        on:blur=on_blur
                    />
                    {toggle}
                </div>
            })
        }
    }
}
