// Measures every file the release build loads at startup (index.html and what it references: the JS
// glue, the wasm, the style sheet), raw, gzip and brotli, and prints a table; then the host script
// (host/connect-form.js), minified as a host would ship it, and mount.js, which a page that mounts the form
// in itself loads instead of index.html and the loader.
// `--budget KB` fails (exit 1) when the brotli total passes KB kilobytes (1 kB = 1000 bytes), and when
// the minified host script passes 3 kB.
//
//   node scripts/size.mjs [dist] [--budget 150] [--markdown]
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { transformSync } from 'esbuild';

const args = process.argv.slice(2);
const budgetAt = args.indexOf('--budget');
const budget = budgetAt >= 0 ? Number(args[budgetAt + 1]) : null;
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

// Mounted in a host's page, the form loads mount.js instead of index.html and the loader.
const mountPath = join(dist, 'mount.js');
const inPage = existsSync(mountPath) ? measure('mount.js', readFileSync(mountPath)) : null;
if (inPage) {
  const swapped = rows.filter((r) => r.name === 'index.html' || r.name === 'loader.js');
  inPage.total = total.brotli - swapped.reduce((t, r) => t + r.brotli, 0) + inPage.brotli;
  if (markdown) {
    console.log(`
Mounted in a page, \`mount.js\` (${kb(inPage.brotli)} kB brotli) replaces index.html and the loader: ${kb(inPage.total)} kB brotli in all.`);
  } else {
    console.log(`
${inPage.name.padEnd(28)} ${kb(inPage.raw).padStart(9)} ${kb(inPage.gzip).padStart(9)} ${kb(inPage.brotli).padStart(10)}`);
    console.log(`${'in a page, in all'.padEnd(28)} ${''.padStart(9)} ${''.padStart(9)} ${kb(inPage.total).padStart(10)}`);
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
    console.error(`error: mounted in a page, the form's files are ${kb(inPage.total)} kB brotli, over the ${budget} kB budget`);
    process.exit(1);
  }
  if (total.brotli > budget * 1000) {
    console.error(`error: the startup files are ${kb(total.brotli)} kB brotli, over the ${budget} kB budget`);
    process.exit(1);
  }
  console.log(`within the ${budget} kB brotli budget (${kb(budget * 1000 - total.brotli)} kB to spare)`);
}
