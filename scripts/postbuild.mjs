// Trunk's post_build hook (Trunk.toml), run on every build in trunk's staging folder:
//
// 1. Replaces trunk's inline loader `<script type="module">` with ours (web/loader.js), in a file of its
//    own, so the page runs under a Content-Security-Policy without 'unsafe-inline' (README, "Embedding").
// 2. In release builds, minifies wasm-bindgen's JS glue with esbuild (trunk's own minifier gives up on
//    it), which the size budget needs.
// 3. Keeps every Subresource Integrity hash of index.html true to the files.
//
//   node scripts/postbuild.mjs [DIR]      (DIR defaults to $TRUNK_STAGING_DIR)
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('error: no folder given and TRUNK_STAGING_DIR is not set');
  process.exit(2);
}
const release = (process.env.TRUNK_PROFILE ?? 'release') === 'release';
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const indexPath = join(dir, 'index.html');
let html = readFileSync(indexPath, 'utf8');

// The glue: minified, and its integrity updated wherever index.html names it.
if (release) {
  for (const name of readdirSync(dir).filter((f) => /\.js$/.test(f) && !f.startsWith('loader-'))) {
    const path = join(dir, name);
    const before = readFileSync(path);
    const { code } = transformSync(before.toString('utf8'), { loader: 'js', format: 'esm', minify: true });
    writeFileSync(path, code);
    html = html.split(sri(before)).join(sri(Buffer.from(code)));
  }
}

// The loader: ours (web/loader.js: it also carries the app's events to an embedding page) in place of
// trunk's inline one, in a file of its own, loaded with its integrity.
const inline = /<script type="?module"?>([\s\S]*?)<\/script>/;
const found = inline.exec(html);
if (found) {
  const glue = /from\s*'([^']+\.js)'/.exec(found[1])?.[1];
  const wasm = /module_or_path:\s*'([^']+\.wasm)'/.exec(found[1])?.[1];
  if (!glue || !wasm) {
    console.error("error: trunk's loader no longer names the glue and the wasm the way this script expects");
    process.exit(1);
  }
  let source = readFileSync(new URL('../web/loader.js', import.meta.url), 'utf8')
    .replace('__GLUE__', glue)
    .replace('__WASM__', wasm);
  if (release) source = transformSync(source, { loader: 'js', format: 'esm', minify: true }).code;
  const code = Buffer.from(source);
  const name = `loader-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`;
  writeFileSync(join(dir, name), code);
  html = html.replace(inline, `<script type="module" src="/${name}" integrity="${sri(code)}"></script>`);
}
// (`trunk serve` adds its own inline live-reload script, so only release builds are checked.)
if (release && /<script(?![^>]*\bsrc=)[^>]*>/.test(html)) {
  console.error('error: index.html still has an inline script, which a strict CSP refuses');
  process.exit(1);
}
writeFileSync(indexPath, html);
