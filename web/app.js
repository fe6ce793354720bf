// Starts the app, for both ways of embedding it: web/loader.js (the form's own page, in an iframe) and
// web/mount.js (in an element of the host's page). scripts/postbuild.mjs bundles each with this file and
// fills in the names of the build's files.

// The app comes in two builds of the same code (scripts/postbuild.mjs): whole, for a page opened on one
// provider, which needs the form at once; and split, for the picker, which loads the form's part of the
// app (a wasm chunk, src/components/lazy.rs) only when a provider is picked. Outside release builds
// both names are the one whole build. Each is checked against its hash (the loader that carries the
// hashes is itself checked by index.html, or served beside mount.js by the deployment).
const builds = {
  whole: { glue: '__GLUE__', glueHash: '__GLUE_SRI__', wasm: '__WASM__', wasmHash: '__WASM_SRI__' },
  split: { glue: '__GLUE_SPLIT__', glueHash: '__GLUE_SPLIT_SRI__', wasm: '__WASM_SPLIT__', wasmHash: '__WASM_SPLIT_SRI__' },
};
const buildFor = (query) => (new URLSearchParams(query).has('provider') ? 'whole' : 'split');
const here = (name) => new URL(name, import.meta.url).href;
const integrity = (hash) => (hash.startsWith('sha') ? hash : undefined);
const importChecked = (name, hash) => {
  // A module preload is how a page gives a module script its integrity before importing it; on the
  // form's own page only (a host's page gets nothing added to its head).
  const own = new URL(import.meta.url).origin === location.origin;
  if (own && integrity(hash) && !document.querySelector(`link[rel=modulepreload][href="${here(name)}"]`)) {
    const link = Object.assign(document.createElement('link'), { rel: 'modulepreload', href: here(name), integrity: hash });
    link.crossOrigin = 'anonymous';
    document.head.append(link);
  }
  return import(here(name));
};

// One download and one instance of each build per page, however many forms it starts (after a failed
// download, the next form tries again).
const loaded = {};
// The deployment's settings (settings.json beside index.html, on the form's own origin, which only the
// deployment writes: README, "Security model"), fetched once per page alongside the wasm. Its text; null
// when the deployment has none (the app then allows the least); false when it could not be read (the
// app then talks to nothing; the next form on the page asks again).
let settings;
const loadSettings = () =>
  (settings ??= fetch(new URL('settings.json', import.meta.url), { credentials: 'omit' })
    .then(
      (response) => (response.status === 404 ? null : response.ok ? response.text() : false),
      () => false,
    )
    .then((text) => {
      if (text === false) settings = undefined;
      return text;
    }));
// The catalog shipped beside the form (`catalog-<hash>/`: the picker's index and one file per provider,
// connect_core::catalog_files), each file fetched once per page: its text, null when there is no such
// file, or a promise of either while it is on its way. A failed fetch is forgotten, so asking again
// tries again.
const catalogFiles = new Map();
const catalogFile = (path) => {
  if (!catalogFiles.has(path)) {
    const pending = fetch(new URL(`__CATALOG__/${path}.json`, import.meta.url), { credentials: 'omit' })
      .then((response) => {
        if (response.status === 404) return null;
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.text();
      })
      .then(
        (text) => (catalogFiles.set(path, text), text),
        (error) => {
          catalogFiles.delete(path);
          throw error;
        },
      );
    catalogFiles.set(path, pending);
  }
  return catalogFiles.get(path);
};
// The file the first screen needs, fetched alongside the wasm: the provider's entry when the link names
// one, else the picker's index; none for the live catalog. (The app decides what it asks for; this
// guess only saves the round trip, and takes plain identifiers only, as the app does.)
const firstFile = (query) => {
  const params = new URLSearchParams(query);
  if (params.get('catalog') === 'live') return null;
  const provider = params.get('provider');
  if (provider === null) return 'index';
  return /^[A-Za-z][A-Za-z0-9_-]{0,99}$/.test(provider) ? `providers/${provider}` : null;
};

/** Starts fetching the app for `query` and the settings; resolves to the app's module. */
export const load = (query) => {
  loadSettings();
  const kind = buildFor(query);
  const { glue, glueHash, wasm, wasmHash } = builds[kind];
  // The glue and the wasm download side by side (no preload in index.html can know which build).
  const both = () => {
    const module_or_path = fetch(here(wasm), { integrity: integrity(wasmHash), credentials: 'same-origin' });
    return importChecked(glue, glueHash).then(async (app) => {
      await app.default({ module_or_path });
      return app;
    });
  };
  return (loaded[kind] ??= both()
    .catch((error) => {
      loaded[kind] = null;
      throw error;
    }));
};

/**
 * Starts the app into `target`, configured by `query`. `root` (`target` itself, or `<html>`) carries
 * its attributes; the host's style sheet goes at the end of `sheets`; `port` carries its events
 * (`emit(name, json)`) and gives its token (`token()`), and gets `catalog(path)` from here. Resolves
 * to a function that stops it, or to
 * null when `wanted()` says no more once the app is loaded.
 */
export async function start(root, target, query, port, sheets, wanted = () => true) {
  const first = firstFile(query);
  const [app, text] = await Promise.all([load(query), loadSettings(), first && Promise.resolve(catalogFile(first)).catch(() => {})]);
  if (!wanted()) return null;
  port.catalog = catalogFile;
  const number = app.mount(root, target, query, new URL(import.meta.url).origin, text, port);

  // The host's look, as the app checked it (`data-cf-*` on the root): custom properties through the
  // CSSOM, which a strict CSP allows, and the host's style sheet after the form's (an absolute address
  // on an origin the deployment allows).
  const look = root.dataset;
  const set = (names, value) => names.forEach((name) => root.style.setProperty(name, value));
  if (look.cfAccent) {
    set(['--cf-accent', '--cf-focus'], look.cfAccent);
    set(['--cf-accent-text'], look.cfAccentText);
  }
  if (look.cfRadius) set(['--cf-radius', '--cf-radius-small'], look.cfRadius);
  if (look.cfStylesheet) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = look.cfStylesheet;
    sheets.append(link);
  }

  port.emit('ready', '{}');
  // The content's height whenever it changes, so an iframe can be sized with no inner scrollbar.
  let height = 0;
  const observer = new ResizeObserver(() => {
    const now = Math.ceil(root.getBoundingClientRect().height);
    if (now !== height) {
      height = now;
      port.emit('resize', JSON.stringify({ height }));
    }
  });
  observer.observe(root);
  return () => {
    observer.disconnect();
    app.unmount(number);
  };
}
