// connect-form's host script: embeds the form in an iframe on your page and talks to it through a small,
// checked contract (README, "Embedding"). Plain JavaScript, no dependencies; types in connect-form.d.ts.
//
//   import { embed } from './connect-form.js';
//   const form = embed({ formUrl: 'https://connect.example.com/', container: '#integrations',
//     project: 'p', groupRef: 'acme', consumerRef: 'jane', getToken: () => myBackend.token() });
//   const result = await form.done; // { status: 'connected', connection } or { status: 'cancelled' }

// The form's parameters, each taken from the option of the same name: connect_core::config::PARAMS but
// parentOrigin, which formAddress sets. core/tests/host_params.rs fails when the two lists drift.
const PARAMS = [
  'apiBase', 'project', 'groupRef', 'groupName', 'consumerRef', 'consumerName', 'provider', 'providers', 'module',
  'catalog', 'tokenUrl', 'theme', 'lang', 'allowTokenImport', 'accent', 'radius', 'stylesheet',
];

/**
 * The iframe's address: the form's URL with the options as its query, and this page as parentOrigin. The
 * form must be an https:// address (http:// only on this machine): the page runs or frames what it names.
 */
export function formAddress(options) {
  const url = new URL(options.formUrl, location.href);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && /^(localhost|\[::1\]|127(\.\d+){3})$/.test(url.hostname))) {
    throw new Error('connect-form: formUrl must be an https:// address');
  }
  for (const name of PARAMS) {
    const value = options[name];
    if (value !== undefined && value !== null && value !== '') {
      url.searchParams.set(name, Array.isArray(value) ? value.join(',') : String(value));
    }
  }
  url.searchParams.set('parentOrigin', location.origin);
  return url;
}

const find = (container) => {
  const element = typeof container === 'string' ? document.querySelector(container) : container;
  if (!element) throw new Error('connect-form: container not found');
  return element;
};

// What both ways share: the callbacks, the promise, and tokens from getToken, handed over by `give`.
function contract(options, give) {
  let settle;
  const done = new Promise((resolve) => (settle = resolve));
  const call = (name, detail) => {
    try {
      options[name]?.(detail);
    } catch (error) {
      setTimeout(() => { throw error; });
    }
  };
  const handOverToken = async () => {
    if (!options.getToken) return;
    try {
      const token = await options.getToken();
      if (typeof token === 'string' && token) give(token);
    } catch (error) {
      call('onError', { code: 'token', error });
    }
  };
  /** One event from the form; false when its type is not one of the documented ones. */
  const handle = (type, detail) => {
    switch (type) {
      case 'connect-form:ready':
        handOverToken();
        call('onReady', detail);
        break;
      case 'connect-form:token-request':
        handOverToken();
        break;
      case 'connect-form:resize':
        if (!(Number.isFinite(detail.height) && detail.height > 0)) return false;
        call('onResize', detail.height);
        break;
      case 'connect-form:connected':
        call('onConnected', detail);
        settle({ status: 'connected', connection: detail.connection, updated: detail.updated === true });
        break;
      case 'connect-form:error':
        call('onError', detail);
        break;
      case 'connect-form:cancel':
        call('onCancel', detail);
        settle({ status: 'cancelled', provider: detail.provider });
        break;
      default:
        return false;
    }
    return true;
  };
  return { done, handle, call, settle };
}

/** Embeds the form in `options.container`, in an iframe. */
export function embed(options) {
  const container = find(options.container);
  const url = formAddress(options);
  const origin = url.origin;
  const iframe = document.createElement('iframe');
  iframe.src = url.href;
  iframe.title = options.title || 'Connect your account';
  iframe.style.width = '100%';
  iframe.style.border = '0';
  iframe.style.display = 'block';
  const { done, handle, settle } = contract(options, (token) =>
    iframe.contentWindow?.postMessage({ type: 'connect-form:token', token }, origin),
  );

  const onMessage = (event) => {
    // Only the form's own window, at the form's origin, in the documented shapes.
    if (event.source !== iframe.contentWindow || event.origin !== origin) return;
    const data = event.data;
    if (!data || typeof data.type !== 'string') return;
    const { type, ...detail } = data;
    if (handle(type, detail) && type === 'connect-form:resize') {
      iframe.style.height = `${Math.ceil(detail.height)}px`;
    }
  };
  window.addEventListener('message', onMessage);
  container.append(iframe);

  return {
    iframe,
    done,
    /** Removes the form and stops listening; `done` settles with `destroyed` if it had not. */
    destroy() {
      window.removeEventListener('message', onMessage);
      iframe.remove();
      settle({ status: 'destroyed' });
    },
  };
}

const EVENTS = ['ready', 'token-request', 'resize', 'connected', 'error', 'cancel'];
// The forms mount() put in the page, by container: a second mount() in one container replaces the first.
const mounted = new WeakMap();

/**
 * Mounts the form in `options.container` itself, without an iframe: it loads the form's `mount.js` from
 * `formUrl`. The page's JavaScript can then read what the user types (README, "Embedding"); prefer
 * embed() unless you need this.
 */
export function mount(options) {
  const container = find(options.container);
  mounted.get(container)?.destroy();
  const url = formAddress(options);
  let form = null;
  let gone = false;
  const { done, handle, call, settle } = contract(options, (token) => form?.setToken(token));
  const listeners = EVENTS.map((name) => {
    const listener = (event) => handle(event.type, event.detail ?? {});
    container.addEventListener(`connect-form:${name}`, listener);
    return [`connect-form:${name}`, listener];
  });
  const started = import(new URL('mount.js', url).href)
    .then((module) => {
      if (gone) return;
      form = module.mount(container, url.search);
      return form.started;
    })
    .catch((error) => {
      call('onError', { code: 'load', error });
      throw error;
    });
  started.catch(() => {});

  const mountedForm = {
    container,
    done,
    started,
    /** Removes the form and stops listening; `done` settles with `destroyed` if it had not. */
    destroy() {
      gone = true;
      form?.destroy();
      for (const [name, listener] of listeners) container.removeEventListener(name, listener);
      settle({ status: 'destroyed' });
      if (mounted.get(container) === mountedForm) mounted.delete(container);
    },
  };
  mounted.set(container, mountedForm);
  return mountedForm;
}
