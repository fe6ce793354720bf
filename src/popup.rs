//! The browser side of signing in with the provider: the popup window, the messages it posts, and
//! waiting for a connection. What to believe and how often to look are connect-core's
//! ([`connect_core::sign_in`]); this module only touches the browser.

use std::cell::RefCell;
use std::rc::Rc;

use connect_core::api::ConnectionSummary;
use connect_core::sign_in::{
    Baseline, CLOSED_GRACE_MS, CLOSED_POLL_MS, GIVE_UP_MS, POPUP_NAME, PopupMessage, Waiting, poll_delay_ms,
    popup_features, read_message,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::{Closure, JsValue};
use web_sys::{MessageEvent, Window};

use crate::api::Client;
use crate::timer::sleep;

/// A window name for one form's sign-ins: a second `window.open` with it brings the same window
/// forward, and no other form on the page (or in another frame of the same origin) shares it, so two
/// forms' sign-ins never run in one window.
pub fn window_name() -> String {
    format!("{POPUP_NAME}-{}", (js_sys::Math::random() * 1e15) as u64)
}

/// Opens the blank, centred popup named `name` ([`window_name`]). Must run inside the click handler,
/// before any network call, or the browser blocks it. `None` when it was blocked.
pub fn open_blank(name: &str) -> Option<Window> {
    let w = window();
    let number = |value: Result<wasm_bindgen::JsValue, _>| value.ok().and_then(|v| v.as_f64()).unwrap_or(0.0) as i32;
    let features = popup_features(
        number(w.screen_x()),
        number(w.screen_y()),
        number(w.outer_width()),
        number(w.outer_height()),
    );
    w.open_with_url_and_target_and_features("", name, &features)
        .ok()
        .flatten()
}

/// Whether the popup reads closed. Only a hint: a popup cut off by `Cross-Origin-Opener-Policy` reads
/// closed while the user is still in it.
fn seems_closed_now(popup: &Window) -> bool {
    popup.closed().unwrap_or(true)
}

/// How waiting for the popup ended.
#[derive(Debug, Clone, PartialEq)]
pub enum WaitEnd {
    /// The popup posted one of the expected messages.
    Message(PopupMessage),
    /// The connection list shows the connection.
    Found(ConnectionSummary),
    /// The popup closed and no connection came within the grace period, or it took too long.
    Closed,
    /// The user cancelled, or the form went away.
    Cancelled,
}

/// Listens for messages of one kind from one origin (and from the popup, when the form opened one)
/// while it lives.
struct Listener {
    closure: Closure<dyn FnMut(MessageEvent)>,
    received: Rc<RefCell<Option<PopupMessage>>>,
}

impl Listener {
    fn new(waiting: Waiting, expected_origin: String, popup: Option<Window>) -> Listener {
        let received = Rc::new(RefCell::new(None));
        let slot = received.clone();
        // Without a popup, the user opened the sign-in from the link, in a window the form does not
        // know: the first window whose message is believed is the one believed afterwards.
        let mut sender: Option<JsValue> = popup.map(JsValue::from);
        let closure = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            // Another window at the same origin (another form's sign-in on this page) is not ours.
            let source = event.source().map(JsValue::from);
            if sender.is_some() && source != sender {
                return;
            }
            let data = js_sys::JSON::stringify(&event.data())
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_default();
            if let Some(message) = read_message(waiting, &event.origin(), &expected_origin, &data) {
                sender = sender.take().or(source);
                slot.borrow_mut().get_or_insert(message);
            }
        });
        let _ = window().add_event_listener_with_callback("message", closure.as_ref().unchecked_ref());
        Listener { closure, received }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = window().remove_event_listener_with_callback("message", self.closure.as_ref().unchecked_ref());
    }
}

/// What to poll while waiting: this provider's connections, against the list before the sign-in.
pub struct Poll<'a> {
    /// The API.
    pub client: &'a Client,
    /// The provider.
    pub provider: &'a str,
    /// The list before the sign-in.
    pub baseline: Baseline,
    /// The connection being renewed, if any.
    pub expected: Option<String>,
}

/// Waits for the popup (or the tab of the blocked-popup link) to finish: a message of `waiting`'s
/// kind from `origin`, the connection showing up in the list (when `poll` is given), or `cancelled`
/// turning true.
///
/// A success the popup posts is believed only once the listing shows that connection, made or renewed
/// since the sign-in started (a window that posts the right shape from the right origin may still not
/// be this user's sign-in): until then the wait goes on. Without a listing to check (`poll` is
/// `None`: the API does not let the form list), the message of the form's own window is believed.
///
/// When the popup reads closed and nothing came within the grace period: without polling, that is the
/// end ([`WaitEnd::Closed`]); with polling, `seems_closed` is called once and the polling goes on, since
/// a popup cut off by COOP reads closed while the user is still signing in. The form then offers to
/// try again and still finishes by itself if the connection appears.
///
/// (The callbacks are `dyn`: one copy of this loop serves both kinds of sign-in.)
pub async fn wait(
    waiting: Waiting,
    origin: String,
    popup: Option<&Window>,
    poll: Option<Poll<'_>>,
    cancelled: &dyn Fn() -> bool,
    seems_closed: &dyn Fn(),
) -> WaitEnd {
    let listener = Listener::new(waiting, origin, popup.cloned());
    let started = js_sys::Date::now();
    let mut next_poll = started + f64::from(poll_delay_ms(0));
    let mut attempt = 0;
    let mut closed_since: Option<f64> = None;
    let mut told = false;
    let mut claimed: Option<String> = None;
    loop {
        sleep(250).await;
        if cancelled() {
            return WaitEnd::Cancelled;
        }
        let message = listener.received.borrow_mut().take();
        match message {
            Some(PopupMessage::Succeeded(id)) if poll.is_some() => {
                claimed = Some(id);
                next_poll = 0.0;
            }
            Some(message) => return WaitEnd::Message(message),
            None => {}
        }
        let now = js_sys::Date::now();
        if popup.is_some_and(seems_closed_now) {
            closed_since.get_or_insert(now);
        }
        let in_grace = closed_since.is_some_and(|since| now - since <= f64::from(CLOSED_GRACE_MS));
        if let Some(poll) = &poll
            && now >= next_poll
        {
            let expected = poll.expected.as_deref().or(claimed.as_deref());
            if let Ok(list) = poll.client.connections(poll.provider).await
                && let Some(found) = poll.baseline.find(&list, expected)
            {
                return WaitEnd::Found(found.clone());
            }
            attempt += 1;
            let delay = if in_grace {
                CLOSED_POLL_MS
            } else {
                poll_delay_ms(attempt)
            };
            next_poll = js_sys::Date::now() + f64::from(delay);
        }
        let grace_over = closed_since.is_some() && !in_grace;
        if now - started > f64::from(GIVE_UP_MS) || (grace_over && poll.is_none()) {
            // One last look at the message slot: it may have come while polling.
            return match listener.received.borrow_mut().take() {
                Some(message) => WaitEnd::Message(message),
                None => WaitEnd::Closed,
            };
        }
        if grace_over && !told {
            told = true;
            seems_closed();
        }
    }
}
