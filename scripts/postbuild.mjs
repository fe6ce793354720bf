// Trunk's post_build hook (Trunk.toml), run on every build in trunk's staging folder:
//
// 1. Replaces trunk's inline loader `<script type="module">` with ours (web/loader.js), in a file of its
//    own, so the page runs under a Content-Security-Policy without 'unsafe-inline' (README, "Embedding").
// 2. Writes `mount.js` (web/mount.js), which mounts the form into an element of a host's page, at that
//    fixed name so the host script can find it.
// 3. In release builds, minifies wasm-bindgen's JS glue with esbuild (trunk's own minifier gives up on
//    it), which the size budget needs.
// 4. Keeps every Subresource Integrity hash of index.html true to the files.
// 5. Writes the catalog beside the form (connect_core::catalog_files, by the `catalog-files` binary):
//    `catalog-<hash>/index.json` for the picker and `catalog-<hash>/providers/<name>.json` for each
//    provider, the folder named after its content so that it can be cached like the wasm.
// 6. Puts the deployment's settings beside index.html (the file CONNECT_FORM_SETTINGS names; without it,
//    none, and the form allows the least) and writes the response headers derived from them
//    (scripts/headers.mjs: `_headers`, `nginx-headers.conf`). Settings the form would refuse fail the
//    build.
//
//   node scripts/postbuild.mjs [DIR]      (DIR defaults to $TRUNK_STAGING_DIR)
import { copyFileSync, readFileSync, writeFileSync, readdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync, transformSync } from 'esbuild';
import { writeHeaders } from './headers.mjs';

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
  for (const name of readdirSync(dir).filter((f) => /\.js$/.test(f) && !f.startsWith('loader-') && f !== 'mount.js')) {
    const path = join(dir, name);
    const before = readFileSync(path);
    const { code } = transformSync(before.toString('utf8'), { loader: 'js', format: 'esm', minify: true });
    writeFileSync(path, code);
    html = html.split(sri(before)).join(sri(Buffer.from(code)));
  }
}

// The catalog's files. The binary is built for this machine, not for the browser: without the
// release build's std rebuilding (scripts/build-release), which only applies to wasm.
const catalogDir = (() => {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('CARGO_UNSTABLE_') && name !== 'RUSTC_BOOTSTRAP'),
  );
  const temporary = mkdtempSync(join(dir, '.catalog-'));
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync('cargo', ['run', '--quiet', '--offline', '-p', 'connect-core', '--bin', 'catalog-files', '--', temporary], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const files = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(temporary);
  const hash = createHash('sha256');
  for (const path of files.sort()) hash.update(relative(temporary, path)).update('\0').update(readFileSync(path));
  const name = `catalog-${hash.digest('hex').slice(0, 16)}`;
  rmSync(join(dir, name), { recursive: true, force: true });
  renameSync(temporary, join(dir, name));
  return name;
})();

// The loader (ours, in place of trunk's inline one: it also carries the app's events to an embedding
// page) and the in-page mount: each bundled with web/app.js, the build's file names filled in.
const bundle = (entry, names) => {
  const { outputFiles } = buildSync({
    entryPoints: [fileURLToPath(new URL(`../web/${entry}`, import.meta.url))],
    bundle: true,
    format: 'esm',
    external: ['__GLUE__'],
    minify: release,
    write: false,
  });
  let code = outputFiles[0].text;
  for (const [placeholder, name] of Object.entries(names)) code = code.split(placeholder).join(name);
  return Buffer.from(code);
};
const inline = /<script type="?module"?>([\s\S]*?)<\/script>/;
const found = inline.exec(html);
if (found) {
  const names = {
    __GLUE__: /from\s*'([^']+\.js)'/.exec(found[1])?.[1],
    __WASM__: /module_or_path:\s*'([^']+\.wasm)'/.exec(found[1])?.[1],
    __CSS__: /href="?([^"\s>]+\.css)/.exec(html)?.[1],
    __CATALOG__: catalogDir,
  };
  if (Object.values(names).some((name) => !name)) {
    console.error("error: trunk's page no longer names the glue, the wasm and the style sheet the way this script expects");
    process.exit(1);
  }
  const code = bundle('loader.js', names);
  const name = `loader-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`;
  writeFileSync(join(dir, name), code);
  html = html.replace(inline, `<script type="module" src="/${name}" integrity="${sri(code)}"></script>`);
  writeFileSync(join(dir, 'mount.js'), bundle('mount.js', names));
}
// (`trunk serve` adds its own inline live-reload script, so only release builds are checked.)
if (release && /<script(?![^>]*\bsrc=)[^>]*>/.test(html)) {
  console.error('error: index.html still has an inline script, which a strict CSP refuses');
  process.exit(1);
}
writeFileSync(indexPath, html);

if (process.env.CONNECT_FORM_SETTINGS) copyFileSync(process.env.CONNECT_FORM_SETTINGS, join(dir, 'settings.json'));
try {
  writeHeaders(dir);
} catch (error) {
  console.error(`error: ${error.message} (${process.env.CONNECT_FORM_SETTINGS ?? 'no settings file'})`);
  process.exit(1);
}
