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

// The forms this script mounted, by element, and the shadow roots it made.
const mounted = new WeakMap();
const ours = new WeakSet();

/**
 * Mounts the form in `element` (any element that can have a shadow root, such as a div), replacing the
 * form this script mounted there before. An element with a shadow root of its own is refused.
 */
export function mount(element, query) {
  mounted.get(element)?.destroy();
  if (element.shadowRoot && !ours.has(element.shadowRoot)) {
    throw new Error('connect-form: the container already has a shadow root of its own; give the form an empty element');
  }
  load(query);
  const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  ours.add(shadow);
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
  let settle;
  const port = {
    // (`gone`: between destroy() and the app's end, the root may still report a new size.)
    emit: (type, json) =>
      gone ||
      element.dispatchEvent(
        new CustomEvent(`connect-form:${type}`, { detail: JSON.parse(json), bubbles: true, composed: true }),
      ),
    token: () => token,
  };
  // The form shows once its style sheet is in, never unstyled: a sheet that cannot load (blocked by the
  // page's style-src, say) fails the mount. Destroying it first ends the wait.
  const styled = new Promise((resolve, reject) => {
    settle = resolve;
    sheet.onload = resolve;
    sheet.onerror = () => reject(new Error(`connect-form: the style sheet ${sheet.href} did not load`));
  });
  // The page the form is in is this one, whatever the query says: the app allows it only when the
  // deployment lists its origin.
  const params = new URLSearchParams(query);
  params.set('parentOrigin', location.origin);
  const started = styled
    .then(() => start(root, root, `?${params}`, port, shadow, () => !gone))
    .then((stopper) => {
      stop = stopper;
      if (gone) stop?.();
    });
  const form = {
    /** Settles once the form is on the page (or destroyed first); rejects when it could not load. */
    started,
    /** Hands over a short-lived API token (`getToken`'s answer). */
    setToken(value) {
      if (typeof value === 'string') token = value;
    },
    /**
     * Removes the form: its elements, listeners and timers; a call under way is no longer waited for
     * (the API may still complete it).
     */
    destroy() {
      if (gone) return;
      gone = true;
      settle();
      stop?.();
      stop = null;
      shadow.replaceChildren();
      if (mounted.get(element) === form) mounted.delete(element);
    },
  };
  mounted.set(element, form);
  return form;
}
