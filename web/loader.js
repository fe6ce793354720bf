// connect-form's loader for its own page (index.html), usually in an iframe: starts the app on the body
// and carries what it says to the page that embeds it, and that page's tokens back (README,
// "Embedding"). scripts/postbuild.mjs puts it in place of trunk's inline loader, in a file of its own.
import { start } from './app.js';

const root = document.documentElement;
const inFrame = window.parent !== window;
// Whether the page that frames the form is at `origin`, as far as the browser says (ancestorOrigins in
// Chromium and WebKit; the referrer elsewhere, when the page sends one). The shipped frame-ancestors
// keeps pages the deployment does not allow from framing the form at all; this keeps an allowed origin
// named in a link from being believed for a page at another.
const framedBy = (origin) => {
  const ancestors = location.ancestorOrigins;
  if (ancestors) return ancestors[0] === origin;
  try {
    return !document.referrer || new URL(document.referrer).origin === origin;
  } catch {
    return false;
  }
};
// The origin the app checked (`parentOrigin`, one the deployment allows, set on <html> as the app
// starts); without one, or framed by a page at another origin, nothing is posted, and never to '*'.
const parentOrigin = () => {
  const origin = root.dataset.parentOrigin;
  return origin && inFrame && framedBy(origin) ? origin : null;
};
const post = (type, detail) => {
  const origin = parentOrigin();
  if (origin) window.parent.postMessage({ ...detail, type: `connect-form:${type}` }, origin);
};

// Tokens from the page: only from the parent window at parentOrigin, in the documented shape.
let token = null;
window.addEventListener('message', (event) => {
  const data = event.data;
  if (
    event.source === window.parent &&
    event.origin === parentOrigin() &&
    data?.type === 'connect-form:token' &&
    typeof data.token === 'string'
  ) {
    token = data.token;
  }
});

const port = { emit: (type, json) => post(type, JSON.parse(json)), token: () => token };
start(root, document.body, location.search, port, document.head);
