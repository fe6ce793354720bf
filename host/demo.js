// The demo host page: embeds the form with the host script and lists what the form tells it.
// The address may say where the form and the API are: ?form=...&api=...&provider=...&theme=...&accent=...
// (scripts/serve's defaults otherwise; form and api must be http(s) addresses on this machine). With
// &token=1 it offers the form tokens from dev-api's /dev/token, as a real page would from its own
// backend: the user signs in first (/dev/session), and the token is for whoever is signed in. With
// &mode=page it mounts the form in the page itself instead of an iframe.
import { embed, mount } from './connect-form.js';

const query = new URLSearchParams(location.search);
const status = document.getElementById('status');

// This page runs on dev-api's origin: a `javascript:` form address, or a form from elsewhere, would run
// script there. Only loopback http(s) addresses are taken from the query.
function loopback(name, fallback) {
  const given = query.get(name);
  if (!given) return fallback;
  try {
    const url = new URL(given);
    const host = url.hostname;
    if (/^https?:$/.test(url.protocol) && (host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host))) {
      return url.href;
    }
  } catch {}
  const note = document.createElement('p');
  note.textContent = `Ignored ?${name}= (not an http(s) address on this machine); using ${fallback}.`;
  status.before(note);
  console.warn(note.textContent);
  return fallback;
}

const formUrl = loopback('form', 'http://127.0.0.1:8080/');
const apiBase = loopback('api', 'http://127.0.0.1:8787/v1');
const groupRef = 'acme-inc';
const consumerRef = query.get('consumer') || 'jane';
const list = document.getElementById('events');
window.connectFormEvents = [];

function log(type, detail) {
  window.connectFormEvents.push({ type, detail });
  const item = document.createElement('li');
  item.textContent = `${type} ${JSON.stringify(detail)}`;
  list.append(item);
}

// Stands in for the product's login, once: the session cookie, not the page, says who the token is for.
let signedIn;
function signIn() {
  signedIn ??= fetch(new URL('/dev/session', apiBase), {
    method: 'POST',
    credentials: 'include',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ groupRef, consumerRef }),
  }).then((response) => {
    if (!response.ok) throw new Error(`signing in failed: ${response.status}`);
  }).catch((error) => {
    signedIn = undefined; // try again next time
    throw error;
  });
  return signedIn;
}

async function getToken() {
  await signIn();
  const response = await fetch(new URL('/dev/token', apiBase), { method: 'POST', credentials: 'include' });
  if (!response.ok) throw new Error(`no token: ${response.status}`);
  return (await response.json()).token;
}

const inPage = query.get('mode') === 'page';
const options = {
  formUrl,
  container: '#connect-form',
  title: 'Connect an account to Acme',
  apiBase,
  project: query.get('project') || 'demo',
  groupRef,
  groupName: 'Acme Inc',
  consumerRef,
  consumerName: 'Jane Doe',
  provider: query.get('provider') || undefined,
  theme: query.get('theme') || undefined,
  accent: query.get('accent') || undefined,
  getToken: query.get('token') ? getToken : undefined,
  onReady: (detail) => {
    status.textContent = 'The form is ready.';
    log('ready', detail);
  },
  onResize: (height) => log('resize', { height }),
  onConnected: (detail) => log('connected', detail),
  onError: (detail) => log('error', detail),
  onCancel: (detail) => log('cancel', detail),
};
const form = (inPage ? mount : embed)(options);

// For the browser tests (and the curious, from the console): the form, and its options to mount others.
window.connectFormDemo = { form, options };

form.done.then((result) => {
  status.textContent = {
    connected: () => `Connected: ${result.connection.provider} (${result.connection.id}).`,
    cancelled: () => 'The user cancelled.',
    destroyed: () => 'The form was removed.',
  }[result.status]();
});

// The other way of embedding, same options.
const other = document.getElementById('other-mode');
const address = new URL(location.href);
if (inPage) address.searchParams.delete('mode');
else address.searchParams.set('mode', 'page');
other.href = address.href;
other.textContent = inPage ? 'Show it in an iframe instead' : 'Show it mounted in this page instead (no iframe)';
document.getElementById('mode').textContent = inPage
  ? 'mounted in this page (in a shadow root; this page could read what you type)'
  : 'in an iframe (this page cannot read what you type)';
