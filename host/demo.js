// The demo host page: embeds the form with the host script and lists what the form tells it.
// The address may say where the form and the API are: ?form=...&api=...&provider=...&theme=...&accent=...
// (scripts/serve's defaults otherwise). With &token=1 it offers the form tokens from dev-api's /dev/token,
// as a real page would from its own backend. With &mode=page it mounts the form in the page itself
// instead of an iframe.
import { embed, mount } from './connect-form.js';

const query = new URLSearchParams(location.search);
const formUrl = query.get('form') || 'http://127.0.0.1:8080/';
const apiBase = query.get('api') || 'http://127.0.0.1:8787/v1';
const groupRef = 'acme-inc';
const consumerRef = query.get('consumer') || 'jane';
const list = document.getElementById('events');
const status = document.getElementById('status');
window.connectFormEvents = [];

function log(type, detail) {
  window.connectFormEvents.push({ type, detail });
  const item = document.createElement('li');
  item.textContent = `${type} ${JSON.stringify(detail)}`;
  list.append(item);
}

async function getToken() {
  const response = await fetch(new URL('/dev/token', apiBase), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ groupRef, consumerRef }),
  });
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
