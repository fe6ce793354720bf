// connect-form's loader: starts the app and, when the form is in an iframe, carries what it says to the
// page that embeds it, and the page's tokens back (README, "Embedding"). scripts/postbuild.mjs puts it in
// place of trunk's inline loader, with the two file names filled in.
import init from '__GLUE__';

// The origin the app checked (`parentOrigin`, set on <html> as the app starts); without one, nothing is
// posted, and never to '*'.
const parentOrigin = () => document.documentElement.dataset.parentOrigin;
const inFrame = window.parent !== window;
const post = (type, detail) => {
  const origin = parentOrigin();
  if (origin && inFrame) window.parent.postMessage({ ...detail, type: `connect-form:${type}` }, origin);
};

// Tokens from the page: only from the parent window at parentOrigin, in the documented shape.
let token = null;
window.addEventListener('message', (event) => {
  const data = event.data;
  if (
    inFrame &&
    event.source === window.parent &&
    event.origin === parentOrigin() &&
    data?.type === 'connect-form:token' &&
    typeof data.token === 'string'
  ) {
    token = data.token;
  }
});

// What the app calls (src/bridge.rs).
window.connectForm = Object.freeze({
  emit: (type, detail) => post(type, JSON.parse(detail)),
  token: () => token,
});

await init({ module_or_path: '__WASM__' });

// The host's look, as the app checked it (`data-cf-*` on <html>): custom properties through the CSSOM,
// which a strict CSP allows, and the host's style sheet after the form's.
const root = document.documentElement;
const look = root.dataset;
if (look.cfAccent) {
  for (const name of ['--cf-accent', '--cf-focus']) root.style.setProperty(name, look.cfAccent);
  root.style.setProperty('--cf-accent-text', look.cfAccentText);
}
if (look.cfRadius) {
  for (const name of ['--cf-radius', '--cf-radius-small']) root.style.setProperty(name, look.cfRadius);
}
if (look.cfStylesheet) {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = look.cfStylesheet;
  document.head.append(link);
}

post('ready', {});
// The content's height whenever it changes, so the page can size the iframe with no inner scrollbar.
let height = 0;
new ResizeObserver(() => {
  const now = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (now !== height) {
    height = now;
    post('resize', { height });
  }
}).observe(document.documentElement);
