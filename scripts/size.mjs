// Measures what each first screen of the release build loads until it shows, raw, gzip and brotli:
//
// - a provider's form (a page opened with `provider=`): index.html, the loader, the style sheet, the
//   deployment's settings.json (when the build has one), the whole build (glue and wasm) and the
//   provider's catalog entry (counted with the largest);
// - the picker: the same page with the split build instead (scripts/postbuild.mjs) and the catalog's
//   index;
// - mounted in a host's page, mount.js instead of index.html and the loader (the larger screen).
//
// Then the parts loaded later, one by one: each wasm chunk of the split build (the form's part, loaded
// when a provider is picked). Then the host script (host/connect-form.js) minified as a host would ship
// it, which runs on the host's page and not at the form's startup.
//
// `--budget picker=KB,form=KB,chunks=KB` (or one figure for all) fails (exit 1) when a screen, or a
// chunk, passes its budget in kilobytes brotli (1 kB = 1000 bytes; in a page, the larger screen against
// the larger budget), and when the minified host script passes 3 kB.
//
//   node scripts/size.mjs [dist] [--budget picker=110,form=152,chunks=75] [--markdown]
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { transformSync } from 'esbuild';

const args = process.argv.slice(2);
const budgetAt = args.indexOf('--budget');
const budgets = budgetAt >= 0 ? args[budgetAt + 1].split(',') : null;
const budgetFor = (key) => {
  if (!budgets) return null;
  const own = budgets.find((b) => b.startsWith(`${key}=`));
  const kbs = Number(own ? own.slice(key.length + 1) : budgets.find((b) => !b.includes('=')));
  if (!Number.isFinite(kbs)) {
    console.error(`error: --budget has no figure for ${key}`);
    process.exit(2);
  }
  return kbs;
};
const markdown = args.includes('--markdown');
const dist = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--budget') ?? 'dist-release';

if (!existsSync(join(dist, 'index.html'))) {
  console.error(`error: ${join(dist, 'index.html')} not found; build first (scripts/build-release ${dist})`);
  process.exit(2);
}
const measure = (name, bytes) => ({
  name,
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const files = readdirSync(dist);
/** The one file of `dist` whose name matches, measured under a name without its hash. */
const one = (pattern, label) => {
  const found = files.filter((f) => pattern.test(f));
  if (found.length !== 1) {
    console.error(`error: ${dist} has ${found.length} files for ${label} (${pattern}); expected one`);
    process.exit(2);
  }
  return measure(label, readFileSync(join(dist, found[0])));
};
const common = [
  measure('index.html', readFileSync(join(dist, 'index.html'))),
  one(/^loader-[0-9a-f]{16}\.js$/, 'loader.js'),
  one(/^main-[0-9a-f]+\.css$/, 'main.css'),
  ...(files.includes('settings.json') ? [measure('settings.json', readFileSync(join(dist, 'settings.json')))] : []),
];
const whole = [
  one(/^connect-form-[0-9a-f]{16}\.js$/, 'connect-form.js (whole)'),
  one(/^connect-form-[0-9a-f]{16}_bg\.wasm$/, 'connect-form_bg.wasm (whole)'),
];
const splitting = files.some((f) => /^split-[0-9a-f]{16}\.js$/.test(f));
const split = splitting
  ? [
      one(/^split-[0-9a-f]{16}\.js$/, 'split.js'),
      one(/^split-[0-9a-f]{16}_bg\.wasm$/, 'split_bg.wasm'),
      one(/^split-chunks-[0-9a-f]{16}\.js$/, 'split-chunks.js'),
    ]
  : whole;
const chunks = files
  .filter((f) => /^split_.+-[0-9a-f]{16}\.wasm$/.test(f))
  .map((f) => measure(`${f.replace(/-[0-9a-f]{16}\.wasm$/, '')} (chunk)`, readFileSync(join(dist, f))));

const catalogDir = files.find((name) => /^catalog-[0-9a-f]{16}$/.test(name));
if (!catalogDir) {
  console.error(`error: ${dist} has no catalog-<hash>/ folder (scripts/postbuild.mjs writes it)`);
  process.exit(2);
}
const pickerIndex = measure('catalog index.json', readFileSync(join(dist, catalogDir, 'index.json')));
const entries = readdirSync(join(dist, catalogDir, 'providers')).map((file) =>
  measure(`catalog entry ${file.replace(/\.json$/, '')}`, readFileSync(join(dist, catalogDir, 'providers', file))),
);
entries.sort((a, b) => a.brotli - b.brotli);
const largest = entries[entries.length - 1];
const median = entries[Math.floor(entries.length / 2)];

const sum = (rows) => rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const screens = [
  { key: 'form', name: "a provider's form", rows: [...common, ...whole, largest] },
  { key: 'picker', name: 'the picker', rows: [...common, ...split, pickerIndex] },
].map((s) => ({ ...s, ...sum(s.rows) }));
const kb = (n) => (n / 1000).toFixed(1);

const table = (title, rows) => {
  const total = sum(rows);
  if (markdown) {
    console.log(`\n**${title}**\n\n| file | raw kB | gzip kB | brotli kB |\n| --- | ---: | ---: | ---: |`);
    for (const r of rows) console.log(`| ${r.name} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} |`);
    console.log(`| **total** | **${kb(total.raw)}** | **${kb(total.gzip)}** | **${kb(total.brotli)}** |`);
  } else {
    console.log(`\n${title}\n${'file'.padEnd(36)} ${'raw kB'.padStart(9)} ${'gzip kB'.padStart(9)} ${'brotli kB'.padStart(10)}`);
    for (const r of [...rows, { name: 'total', ...total }]) {
      console.log(`${r.name.padEnd(36)} ${kb(r.raw).padStart(9)} ${kb(r.gzip).padStart(9)} ${kb(r.brotli).padStart(10)}`);
    }
  }
};
for (const s of screens) table(`${s.name}, at startup`, s.rows);
if (chunks.length) table('loaded later, each on its own', chunks);
const line = (text) => console.log(markdown ? `\n${text}` : text);
line(`A provider's catalog entry is ${kb(median.brotli)} kB brotli at the median, ${kb(largest.brotli)} kB at most; ${entries.length} entries.`);

// Mounted in a host's page, the form loads mount.js instead of index.html and the loader.
const mountPath = join(dist, 'mount.js');
const inPage = existsSync(mountPath) ? measure('mount.js', readFileSync(mountPath)) : null;
if (inPage) {
  const swapped = common.filter((r) => r.name === 'index.html' || r.name === 'loader.js');
  const larger = Math.max(...screens.map((s) => s.brotli));
  inPage.total = larger - sum(swapped).brotli + inPage.brotli;
  line(`Mounted in a page, mount.js (${kb(inPage.brotli)} kB brotli) replaces index.html and the loader: ${kb(inPage.total)} kB brotli for the larger first screen.`);
}

const hostSource = readFileSync(new URL('../host/connect-form.js', import.meta.url), 'utf8');
const host = measure('host/connect-form.js (min)', Buffer.from(transformSync(hostSource, { minify: true, format: 'esm' }).code));
const HOST_BUDGET = 3000;
line(`The host script, minified: ${kb(host.raw)} kB (${kb(host.gzip)} kB gzip, ${kb(host.brotli)} kB brotli).`);

if (budgets) {
  const over = [];
  const check = (name, brotli, key) => {
    const own = budgetFor(key);
    if (brotli > own * 1000) over.push(`${name} is ${kb(brotli)} kB brotli, over its ${own} kB budget`);
    else console.log(`${name}: ${kb(brotli)} kB, within its ${own} kB brotli budget (${kb(own * 1000 - brotli)} kB to spare)`);
  };
  for (const s of screens) check(`${s.name} at startup`, s.brotli, s.key);
  if (inPage) check('in a page, the larger first screen', inPage.total, screens[0].brotli > screens[1].brotli ? 'form' : 'picker');
  for (const c of chunks) check(c.name, c.brotli, 'chunks');
  if (host.raw > HOST_BUDGET) over.push(`the host script is ${kb(host.raw)} kB minified, over its ${kb(HOST_BUDGET)} kB budget`);
  for (const o of over) console.error(`error: ${o}`);
  if (over.length) process.exit(1);
}
