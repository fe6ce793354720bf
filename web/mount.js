// connect-form in an element of the host's own page, without an iframe (README, "Embedding → In the
// page"). Served at a fixed address beside index.html (`mount.js`), which the host script imports:
//
//   const form = mount(element, query);   // query: the configuration, as in the form's address
//   element.addEventListener('connect-form:connected', (event) => console.log(event.detail));
//   form.setToken(token);                  // on connect-form:ready and connect-form:token-request
//   form.destroy();
//
// The form lives in the element's shadow root, with its own style sheet: the page's styles do not reach
// it and its styles do not reach the page. Its events are `CustomEvent`s on the element, named and
// shaped as the iframe's messages.
import { load, start } from './app.js';

/** Mounts the form in `element` (any element that can have a shadow root, such as a div). */
export function mount(element, query) {
  load();
  const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  const sheet = document.createElement('link');
  sheet.rel = 'stylesheet';
  sheet.href = new URL('__CSS__', import.meta.url).href;
  // The root: `all: initial` (in the style sheet) stops the page's inherited styles at it.
  const root = document.createElement('div');
  root.className = 'cf-page';
  root.dataset.theme = 'auto';
  shadow.replaceChildren(sheet, root);

  let token = null;
  let stop = null;
  let gone = false;
  const port = {
    emit: (type, json) =>
      element.dispatchEvent(
        new CustomEvent(`connect-form:${type}`, { detail: JSON.parse(json), bubbles: true, composed: true }),
      ),
    token: () => token,
  };
  // The form shows once its style sheet is in (loaded or failed), never unstyled.
  const styled = new Promise((resolve) => {
    sheet.onload = sheet.onerror = resolve;
  });
  const started = styled
    .then(() => (gone ? null : start(root, root, query, port, shadow)))
    .then((stopper) => {
      stop = stopper;
      if (gone) stop?.();
    });
  return {
    /** Settles once the form is on the page (rejects when the app could not load). */
    started,
    /** Hands over a short-lived API token (`getToken`'s answer). */
    setToken(value) {
      if (typeof value === 'string') token = value;
    },
    /** Removes the form: its elements, listeners, timers and calls under way. */
    destroy() {
      gone = true;
      stop?.();
      stop = null;
      shadow.replaceChildren();
    },
  };
}
