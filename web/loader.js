// connect-form's loader for its own page (index.html), usually in an iframe: starts the app on the body
// and carries what it says to the page that embeds it, and that page's tokens back (README,
// "Embedding"). scripts/postbuild.mjs puts it in place of trunk's inline loader, in a file of its own.
import { start } from './app.js';

const root = document.documentElement;
const inFrame = window.parent !== window;
// The origin the app checked (`parentOrigin`, set on <html> as the app starts); without one, nothing is
// posted, and never to '*'.
const post = (type, detail) => {
  const origin = root.dataset.parentOrigin;
  if (origin && inFrame) window.parent.postMessage({ ...detail, type: `connect-form:${type}` }, origin);
};

// Tokens from the page: only from the parent window at parentOrigin, in the documented shape.
let token = null;
window.addEventListener('message', (event) => {
  const data = event.data;
  if (
    inFrame &&
    event.source === window.parent &&
    event.origin === root.dataset.parentOrigin &&
    data?.type === 'connect-form:token' &&
    typeof data.token === 'string'
  ) {
    token = data.token;
  }
});

const port = { emit: (type, json) => post(type, JSON.parse(json)), token: () => token };
start(root, document.body, location.search, port, document.head);
