// Measures every file the release build loads at startup (index.html and what it references: the JS
// glue, the wasm, the style sheet), raw, gzip and brotli, and prints a table; then each first screen
// with the part of the catalog it loads (the picker's index, or a provider's entry); then the host script
// (host/connect-form.js), minified as a host would ship it, and mount.js, which a page that mounts the form
// in itself loads instead of index.html and the loader.
// `--budget KB` (or `--budget picker=KB,form=KB`) fails (exit 1) when a first screen passes its budget
// in kilobytes brotli (1 kB = 1000 bytes; in a page, the larger screen against the larger budget), and when
// the minified host script passes 3 kB.
//
//   node scripts/size.mjs [dist] [--budget picker=155,form=150] [--markdown]
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { transformSync } from 'esbuild';

const args = process.argv.slice(2);
const budgetAt = args.indexOf('--budget');
// `--budget KB` for every first screen, or `--budget picker=KB,form=KB` for each.
const budgets = budgetAt >= 0 ? args[budgetAt + 1].split(',') : null;
const budgetFor = (screen) => {
  if (!budgets) return null;
  const own = budgets.find((b) => b.startsWith(`${screen}=`));
  const kbs = Number(own ? own.slice(screen.length + 1) : budgets.find((b) => !b.includes('=')));
  if (!Number.isFinite(kbs)) {
    console.error(`error: --budget has no figure for ${screen}`);
    process.exit(2);
  }
  return kbs;
};
const budget = budgets ? Math.max(budgetFor('picker'), budgetFor('form')) : null;
const markdown = args.includes('--markdown');
const dist = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--budget') ?? 'dist-release';

const index = join(dist, 'index.html');
if (!existsSync(index)) {
  console.error(`error: ${index} not found; build first (trunk build --release --dist ${dist})`);
  process.exit(2);
}
const html = readFileSync(index, 'utf8');
const referenced = new Set(['index.html']);
// Attribute values may be quoted or not (trunk minifies the page); the loader script names the glue
// and the wasm in quotes.
const local = /^\/?([^"'\s>?#:]+\.(?:js|wasm|css))$/;
for (const match of html.matchAll(/(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g)) {
  const found = local.exec(match[1] ?? match[2] ?? match[3]);
  if (found) referenced.add(found[1]);
}
for (const match of html.matchAll(/["'](\/?[^"'\s]+\.(?:js|wasm))["']/g)) {
  const found = local.exec(match[1]);
  if (found) referenced.add(found[1]);
}

const measure = (name, bytes) => ({
  name,
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const rows = [...referenced].map((name) =>
  measure(name.replace(/-[0-9a-f]{12,16}(?=[._])/, ''), readFileSync(join(dist, name))),
);
rows.sort((a, b) => b.brotli - a.brotli);
const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const kb = (n) => (n / 1000).toFixed(1);

if (markdown) {
  console.log('| file | raw kB | gzip kB | brotli kB |\n| --- | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.name} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} |`);
  console.log(`| **total** | **${kb(total.raw)}** | **${kb(total.gzip)}** | **${kb(total.brotli)}** |`);
} else {
  console.log(`${'file'.padEnd(28)} ${'raw kB'.padStart(9)} ${'gzip kB'.padStart(9)} ${'brotli kB'.padStart(10)}`);
  for (const r of [...rows, { name: 'total', ...total }]) {
    console.log(`${r.name.padEnd(28)} ${kb(r.raw).padStart(9)} ${kb(r.gzip).padStart(9)} ${kb(r.brotli).padStart(10)}`);
  }
}

// The first screens: the files above plus the part of the catalog each screen loads (and the
// deployment's settings.json, when the build has one). A page opened on one provider loads that
// provider's entry (counted here with the largest); the picker loads the index.
const extras = [];
if (existsSync(join(dist, 'settings.json'))) extras.push(measure('settings.json', readFileSync(join(dist, 'settings.json'))));
const catalogDir = readdirSync(dist).find((name) => /^catalog-[0-9a-f]{16}$/.test(name));
if (!catalogDir) {
  console.error(`error: ${dist} has no catalog-<hash>/ folder (scripts/postbuild.mjs writes it)`);
  process.exit(2);
}
const pickerIndex = measure('catalog index.json', readFileSync(join(dist, catalogDir, 'index.json')));
const entries = readdirSync(join(dist, catalogDir, 'providers')).map((file) =>
  measure(file.replace(/\.json$/, ''), readFileSync(join(dist, catalogDir, 'providers', file))),
);
entries.sort((a, b) => a.brotli - b.brotli);
const largest = entries[entries.length - 1];
const median = entries[Math.floor(entries.length / 2)];
const base = total.brotli + extras.reduce((t, r) => t + r.brotli, 0);
const screens = [
  { name: 'the picker', key: 'picker', brotli: base + pickerIndex.brotli, with: `index.json, ${kb(pickerIndex.brotli)} kB` },
  { name: "a provider's form", key: 'form', brotli: base + largest.brotli, with: `largest entry, ${largest.name}, ${kb(largest.brotli)} kB` },
];
if (markdown) {
  console.log(`\n| first screen | brotli kB | its part of the catalog |\n| --- | ---: | --- |`);
  for (const s of screens) console.log(`| ${s.name} | ${kb(s.brotli)} | ${s.with} |`);
  console.log(`\nA provider's entry is ${kb(median.brotli)} kB brotli at the median, ${kb(largest.brotli)} kB at most (${largest.name}); ${entries.length} entries.`);
} else {
  console.log(`\n${'first screen'.padEnd(28)} ${'brotli kB'.padStart(30)}`);
  for (const s of screens) console.log(`${s.name.padEnd(28)} ${kb(s.brotli).padStart(30)}   (+ ${s.with})`);
  console.log(`provider entries: median ${kb(median.brotli)} kB, largest ${kb(largest.brotli)} kB brotli (${entries.length})`);
}

// Mounted in a host's page, the form loads mount.js instead of index.html and the loader.
const mountPath = join(dist, 'mount.js');
const inPage = existsSync(mountPath) ? measure('mount.js', readFileSync(mountPath)) : null;
if (inPage) {
  const swapped = rows.filter((r) => r.name === 'index.html' || r.name === 'loader.js');
  inPage.total = base - swapped.reduce((t, r) => t + r.brotli, 0) + inPage.brotli + Math.max(pickerIndex.brotli, largest.brotli);
  if (markdown) {
    console.log(`
Mounted in a page, \`mount.js\` (${kb(inPage.brotli)} kB brotli) replaces index.html and the loader: ${kb(inPage.total)} kB brotli for the larger first screen.`);
  } else {
    console.log(`
${inPage.name.padEnd(28)} ${kb(inPage.raw).padStart(9)} ${kb(inPage.gzip).padStart(9)} ${kb(inPage.brotli).padStart(10)}`);
    console.log(`${'in a page, larger screen'.padEnd(28)} ${''.padStart(9)} ${''.padStart(9)} ${kb(inPage.total).padStart(10)}`);
  }
}

// The host script runs on the host's page, not at the form's startup: measured apart.
const hostSource = readFileSync(new URL('../host/connect-form.js', import.meta.url), 'utf8');
const host = measure('host/connect-form.js (min)', Buffer.from(transformSync(hostSource, { minify: true, format: 'esm' }).code));
const HOST_BUDGET = 3000;
if (markdown) {
  console.log(`\nThe host script, minified: ${kb(host.raw)} kB (${kb(host.gzip)} kB gzip, ${kb(host.brotli)} kB brotli).`);
} else {
  console.log(`\n${host.name.padEnd(28)} ${kb(host.raw).padStart(9)} ${kb(host.gzip).padStart(9)} ${kb(host.brotli).padStart(10)}`);
}
if (budget !== null && host.raw > HOST_BUDGET) {
  console.error(`error: the host script is ${kb(host.raw)} kB minified, over its ${kb(HOST_BUDGET)} kB budget`);
  process.exit(1);
}
if (budget !== null) {
  if (inPage && inPage.total > budget * 1000) {
    console.error(`error: mounted in a page, the form's first screen is ${kb(inPage.total)} kB brotli, over the ${budget} kB budget`);
    process.exit(1);
  }
  for (const s of screens) {
    const own = budgetFor(s.key);
    if (s.brotli > own * 1000) {
      console.error(`error: ${s.name} loads ${kb(s.brotli)} kB brotli at startup, over its ${own} kB budget`);
      process.exit(1);
    }
    console.log(`${s.name}: within its ${own} kB brotli budget (${kb(own * 1000 - s.brotli)} kB to spare)`);
  }
}
