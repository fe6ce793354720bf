// Measures what a user waits for, in headless Chromium against a release build (README, "Benchmarks"):
// a measurement, not a test; it asserts nothing about speed and exits 0 whatever the figures.
//
//   node scripts/bench.mjs DIST [--runs N] [--typing-runs N] [--shots DIR] [--verbose]
//
// For each first screen (the picker, Freshdesk's and HubSpot's forms, the picker with 5,000 providers,
// and a plain React form with Freshdesk's fields as a floor):
//   - startup brotli: every response the page had received when it became ready (the document included,
//     each body compressed here at brotli quality 11, so the figure does not depend on the server);
//   - ready: ms from navigation start until the screen's first control is in the DOM (the picker's
//     search box, the form's first input or its submit button), median of N cold loads (a new browser
//     context each, cache disabled) at 1× and 4× CPU (`Emulation.setCPUThrottlingRate`);
//   - first result (the picker): the same until the first provider button is in the DOM.
// Then the picker's keystroke-to-frame time: for each keystroke typed into the search box, from the input
// event to the task after the first frame that follows the picker's DOM update, median and worst.
//
// Everything is served from 127.0.0.1 by a static server in this script, one origin per build (a copy of
// DIST with a settings.json allowing it as its API, which answers the connection listing with `[]`).
// Other hosts do not resolve (provider icons come from a CDN): they are neither waited for nor counted.
import { chromium } from 'playwright-core';
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const RUNS = Number(option('--runs', 15));
const TYPING_RUNS = Number(option('--typing-runs', 5));
const SHOTS = option('--shots', join(tmpdir(), 'cf-bench-shots'));
const VERBOSE = args.includes('--verbose');
const VALUED = ['--runs', '--typing-runs', '--shots'];
const DIST = resolve(args.find((a, i) => !a.startsWith('--') && !VALUED.includes(args[i - 1])) ?? 'dist-release');
const RATES = [1, 4];
/** Typed into the picker's search box one keystroke at a time; `null` selects all and deletes. Each
 * keystroke changes the results in the real catalog (“sale” → “sales” would not). */
const KEYSTROKES = [...'sal', null, ...'hub', null, ...'zen', null, ...'gith', null, ...'goo', null];
const BIG = 5000;

if (!Number.isInteger(RUNS) || RUNS < 1 || !Number.isInteger(TYPING_RUNS) || TYPING_RUNS < 1) {
  console.error('error: --runs and --typing-runs take a whole number of at least 1');
  process.exit(2);
}
if (!existsSync(join(DIST, 'index.html'))) {
  console.error(`error: ${DIST}/index.html not found; build first (scripts/build-release ${DIST})`);
  process.exit(2);
}
const started = Date.now();
const work = mkdtempSync(join(tmpdir(), 'cf-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

// One copy of DIST, taken first: every site is made from it, so a build written into DIST meanwhile
// (scripts/test rebuilds dist-release) cannot mix two builds in one run.
const SNAPSHOT = join(work, 'dist');
cpSync(DIST, SNAPSHOT, { recursive: true });
for (const match of readFileSync(join(SNAPSHOT, 'index.html'), 'utf8').matchAll(/(?:href|src)=["']?\/([^"'\s>]+)/g)) {
  if (!existsSync(join(SNAPSHOT, match[1]))) {
    console.error(`error: ${DIST}/index.html names ${match[1]}, which is not there (a build still being written?)`);
    process.exit(2);
  }
}

// ---- what is served ---------------------------------------------------------------------------------

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Serves `root` on 127.0.0.1 (an ephemeral port): files, `/` as index.html, and a connection API that
 * has no connections. Remembers each body served by path, for the brotli figures. */
async function serve(root) {
  const bodies = new Map();
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    let body = null;
    let type = 'application/json';
    let status = 200;
    if (/^\/v1\/projects\/[^/]+\/connections$/.test(path) && request.method === 'GET') {
      body = Buffer.from('[]');
    } else if (path.startsWith('/v1/')) {
      status = 404;
      body = Buffer.from('{"status":404,"title":"Not found"}');
      type = 'application/problem+json';
    } else {
      const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
      if (file.startsWith(root) && existsSync(file) && !file.endsWith('/')) {
        try {
          body = readFileSync(file);
          type = TYPES[extname(file)] ?? 'application/octet-stream';
        } catch {
          body = null;
        }
      }
      if (!body) {
        status = 404;
        body = Buffer.from('not found');
        type = 'text/plain';
      }
    }
    if (status === 200) bodies.set(path, body);
    response.writeHead(status, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-store' });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, bodies, close: () => server.close() };
}

/** A copy of the release build whose deployment allows `origin` as its API. */
async function formSite(name, rewrite = () => {}) {
  const root = join(work, name);
  cpSync(SNAPSHOT, root, { recursive: true });
  rewrite(root);
  const site = await serve(root);
  writeFileSync(
    join(root, 'settings.json'),
    JSON.stringify({ $comment: 'written by scripts/bench.mjs', apiBases: [`${site.origin}/v1`] }),
  );
  return site;
}

/** The folder the catalog was moved into (`catalog-<hash>/`), or null while it is inside the wasm. */
function catalogFolder(root) {
  const found = readdirSync(root).find((f) => /^catalog-[0-9a-f]+$/.test(f));
  return found && existsSync(join(root, found, 'index.json')) ? join(root, found) : null;
}

/** Rewrites the picker's index to `BIG` entries: the real ones and numbered copies ("Salesforce 17"). */
function growCatalog(root) {
  const file = join(catalogFolder(root), 'index.json');
  const real = JSON.parse(readFileSync(file, 'utf8'));
  const entries = [...real];
  for (let k = 0; entries.length < BIG; k++) {
    const entry = real[k % real.length];
    const copy = Math.floor(k / real.length) + 2;
    entries.push({ ...entry, name: `${entry.name}${copy}`, title: `${entry.title} ${copy}` });
  }
  const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  entries.sort((a, b) => fold(a.title).localeCompare(fold(b.title), 'en') || a.name.localeCompare(b.name));
  writeFileSync(file, JSON.stringify(entries));
}

async function reactSite() {
  const root = join(work, 'react-floor');
  mkdirSync(root);
  cpSync(join(ROOT, 'bench/react-floor/index.html'), join(root, 'index.html'));
  await build({
    entryPoints: [join(ROOT, 'bench/react-floor/main.jsx')],
    outfile: join(root, 'main.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  return serve(root);
}

const brotliCache = new Map();
const brotli = (bytes) => {
  if (!brotliCache.has(bytes)) {
    brotliCache.set(bytes, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length);
  }
  return brotliCache.get(bytes);
};

// ---- in the page --------------------------------------------------------------------------------------

/** Runs before the page's own scripts: notes when each selector first matches (ms since navigation
 * start) and measures keystrokes in the search box. `window.__benchDone` settles once all matched. */
function inPage(selectors) {
  const marks = {};
  let resolve;
  window.__benchDone = new Promise((r) => (resolve = r));
  const observer = new MutationObserver(() => {
    for (const [key, selector] of Object.entries(selectors)) {
      if (!(key in marks) && document.querySelector(selector)) marks[key] = performance.now();
    }
    if (Object.keys(marks).length === Object.keys(selectors).length) {
      observer.disconnect();
      resolve(marks);
    }
  });
  observer.observe(document, { childList: true, subtree: true });
  setTimeout(() => resolve(marks), 30_000);

  // Keystroke to frame: from the input event (its timeStamp, so time spent waiting for the main thread
  // counts) to a task queued by the first animation frame after the picker's DOM changed. A keystroke
  // that changes nothing (“sale” → “sales” may match the same providers) is timed to the first frame.
  const typing = (window.__benchTyping = []);
  const afterFrame = (then) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => then(performance.now());
      channel.port2.postMessage(null);
    });
  document.addEventListener(
    'input',
    (event) => {
      if (event.target.id !== 'cf-search') return;
      const start = event.timeStamp;
      let mutated = false;
      let framed = false;
      let done = false;
      const record = (now, changed) => {
        if (done) return;
        done = true;
        watcher.disconnect();
        typing.push({ ms: now - start, changed });
      };
      // An update made after the first frame (a deferred render) is waited for, up to a second.
      const watcher = new MutationObserver(() => {
        if (mutated) return;
        mutated = true;
        if (framed) afterFrame((now) => record(now, true));
      });
      watcher.observe(event.target.closest('.cf-picker') ?? document.body, {
        childList: true,
        subtree: true,
        characterData: true,
        attributes: true,
      });
      afterFrame((now) => {
        framed = true;
        if (mutated) record(now, true);
        else setTimeout(() => record(now, false), 1_000);
      });
    },
    true,
  );
}

// ---- loads --------------------------------------------------------------------------------------------

const LAUNCH = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Only this machine's server answers: the provider icons' CDN fails at once instead of timing out.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

let browser;

/** Opens a fresh context and page at `rate`× CPU, with the cache disabled. */
async function open(rate, selectors) {
  const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await page.addInitScript(inPage, selectors);
  return { page, close: () => context.close() };
}

/** One cold load: when the screen's marks were reached, and the brotli bytes received by ready. */
async function load(screen, rate, shot) {
  const { page, close } = await open(rate, screen.selectors);
  try {
    await page.goto(screen.url, { waitUntil: 'commit' });
    const marks = await page.evaluate(() => window.__benchDone);
    if (!('ready' in marks)) throw new Error(`${screen.label}: ${screen.selectors.ready} never appeared`);
    const received = await page.evaluate((ready) => {
      const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
      return entries.filter((e) => e.responseEnd > 0 && e.responseEnd <= ready).map((e) => e.name);
    }, marks.ready);
    const files = [];
    for (const url of received) {
      const { origin, pathname } = new URL(url);
      const body = origin === screen.site.origin ? screen.site.bodies.get(decodeURIComponent(pathname)) : null;
      files.push({ path: pathname, brotli: body ? brotli(body) : 0 });
    }
    if (screen.check) await screen.check(page);
    if (shot) {
      await page.waitForTimeout(800);
      await page.screenshot({ path: join(SHOTS, `${screen.key}.png`), fullPage: true });
    }
    return { marks, bytes: files.reduce((sum, f) => sum + f.brotli, 0), files };
  } finally {
    await close();
  }
}

/** One cold load of the picker, then each keystroke's time to frame. */
async function typing(screen, rate) {
  const { page, close } = await open(rate, screen.selectors);
  try {
    await page.goto(screen.url, { waitUntil: 'commit' });
    const marks = await page.evaluate(() => window.__benchDone);
    if (!('first' in marks)) throw new Error(`${screen.label}: no provider appeared`);
    const search = page.locator('#cf-search');
    await search.focus();
    await page.waitForTimeout(300);
    const samples = [];
    for (const key of KEYSTROKES) {
      const before = samples.length;
      if (key === null) {
        await page.keyboard.press('ControlOrMeta+A');
        await page.keyboard.press('Backspace');
      } else {
        await page.keyboard.press(key);
      }
      await page.waitForFunction((n) => window.__benchTyping.length > n, before, { polling: 50 });
      samples.push({ ...(await page.evaluate(() => window.__benchTyping.at(-1))), key });
      await page.waitForTimeout(120);
    }
    return samples;
  } finally {
    await close();
  }
}

// ---- figures ------------------------------------------------------------------------------------------

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (v) => (v === undefined ? '—' : `${Math.round(v)} ms`);
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const pad = (cells, widths) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
function table(header, rows) {
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => (r[i] ?? '').length)));
  console.log(pad(header, widths));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(pad(row, widths));
}

// ---- the run ------------------------------------------------------------------------------------------

const identity = new URLSearchParams({
  project: 'bench',
  groupRef: 'acme-inc',
  groupName: 'Acme Inc',
  consumerRef: 'jane',
  consumerName: 'Jane Doe',
});
const formUrl = (site, extra = {}) => {
  const query = new URLSearchParams({ apiBase: `${site.origin}/v1`, ...Object.fromEntries(identity), ...extra });
  return `${site.origin}/?${query}`;
};
const PICKER = { ready: '#cf-search', first: 'button.cf-provider' };
const FORM = { ready: '.cf-form input, .cf-form button.cf-primary' };
const heading = (selector, text) => async (page) => {
  const found = await page.locator(selector).first().textContent({ timeout: 10_000 }).catch(() => null);
  if (!found?.includes(text)) throw new Error(`expected ${selector} to say “${text}”, found “${found}”`);
};

const main = await formSite('form');
const hasCatalog = catalogFolder(SNAPSHOT) !== null;
const big = hasCatalog ? await formSite('form-5000', growCatalog) : null;
const react = await reactSite();
mkdirSync(SHOTS, { recursive: true });

const screens = [
  { key: 'react', label: 'React 18 floor: Freshdesk fields', site: react, url: `${react.origin}/`, selectors: { ready: 'form input' } },
  { key: 'freshdesk', label: 'connect-form: Freshdesk form', site: main, url: formUrl(main, { provider: 'freshdesk' }), selectors: FORM, check: heading('#cf-form-title', 'Freshdesk') },
  { key: 'hubspot', label: 'connect-form: HubSpot form', site: main, url: formUrl(main, { provider: 'hubspot' }), selectors: FORM, check: heading('#cf-form-title', 'HubSpot') },
  { key: 'picker', label: 'connect-form: picker (238)', site: main, url: formUrl(main), selectors: PICKER, check: heading('#cf-picker-title', '') },
  ...(big ? [{ key: 'picker-5000', label: `connect-form: picker (${BIG.toLocaleString('en')})`, site: big, url: formUrl(big), selectors: PICKER, check: heading('#cf-picker-title', '') }] : []),
];

browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: LAUNCH });
const version = browser.version();
const results = new Map(screens.map((s) => [s.key, { 1: [], 4: [] }]));
try {
  // Round-robin, so that a noisy moment of the machine falls on every screen alike.
  for (let run = 0; run < RUNS; run++) {
    for (const rate of RATES) {
      for (const screen of screens) {
        results.get(screen.key)[rate].push(await load(screen, rate, run === 0 && rate === 1));
      }
    }
    process.stderr.write(`\rcold loads: ${run + 1}/${RUNS}`);
  }
  process.stderr.write('\n');

  const pickers = screens.filter((s) => s.key.startsWith('picker'));
  const keystrokes = new Map(pickers.map((s) => [s.key, { 1: [], 4: [] }]));
  for (let run = 0; run < TYPING_RUNS; run++) {
    for (const rate of RATES) {
      for (const screen of pickers) keystrokes.get(screen.key)[rate].push(...(await typing(screen, rate)));
    }
    process.stderr.write(`\rtyping loads: ${run + 1}/${TYPING_RUNS}`);
  }
  process.stderr.write('\n');

  const took = (Date.now() - started) / 1000;
  console.log(`connect-form bench: ${DIST}, Chromium ${version}, ${RUNS} cold loads per figure (medians)\n`);
  const rows = screens.map((screen) => {
    const r = results.get(screen.key);
    const of = (rate, key) => (r[rate].every((l) => key in l.marks) ? median(r[rate].map((l) => l.marks[key])) : undefined);
    return [screen.label, kB(median(r[1].map((l) => l.bytes))), ms(of(1, 'ready')), ms(of(4, 'ready')), ms(of(1, 'first')), ms(of(4, 'first'))];
  });
  if (!big) rows.push([`connect-form: picker (${BIG.toLocaleString('en')})`, 'n/a (catalog is still inside the wasm)', '', '', '', '']);
  table(['screen', 'startup brotli', 'ready 1×', 'ready 4×', 'first result 1×', 'first result 4×'], rows);

  const readyAt = (key, rate) => median(results.get(key)[rate].map((l) => l.marks.ready));
  console.log('\nprovider form ready ÷ React floor ready:');
  for (const key of ['freshdesk', 'hubspot']) {
    const ratios = RATES.map((rate) => `${(readyAt(key, rate) / readyAt('react', rate)).toFixed(2)} at ${rate}×`);
    console.log(`  ${screens.find((s) => s.key === key).label.replace('connect-form: ', '')}: ${ratios.join(', ')}`);
  }

  const perLoad = KEYSTROKES.length;
  console.log(`\npicker keystroke to frame (${perLoad} keystrokes × ${TYPING_RUNS} loads; median / worst):`);
  const typingRows = pickers.map((screen) => {
    const k = keystrokes.get(screen.key);
    const cell = (rate) => `${ms(median(k[rate].map((s) => s.ms)))} / ${ms(Math.max(...k[rate].map((s) => s.ms)))}`;
    return [screen.label.replace('connect-form: picker ', 'catalog '), cell(1), cell(4)];
  });
  if (!big) typingRows.push([`catalog (${BIG.toLocaleString('en')})`, 'n/a (catalog is still inside the wasm)', '']);
  table(['', '1×', '4×'], typingRows);
  const unchanged = [...keystrokes.values()].flatMap((k) => [...k[1], ...k[4]]).filter((s) => !s.changed).length;
  if (unchanged) console.log(`  (${unchanged} keystrokes changed nothing in the picker: timed to the first frame)`);

  if (VERBOSE) {
    console.log('\nreceived by ready (first load at 1×), brotli:');
    for (const screen of screens) {
      const files = results.get(screen.key)[1][0].files;
      console.log(`  ${screen.label}`);
      for (const f of files) console.log(`    ${f.path.padEnd(48)} ${kB(f.brotli).padStart(9)}`);
    }
  }
  console.log(`\nscreenshots of each screen's first load: ${SHOTS}`);
  console.log(`took ${Math.round(took)} s`);
} finally {
  await browser.close();
  for (const site of [main, big, react]) site?.close();
}
