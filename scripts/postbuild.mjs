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
// 6. In release builds with CONNECT_FORM_SPLIT=1 (scripts/build-release), builds the app a second time,
//    split at src/components/lazy.rs, for the picker (see `splitBuild` below).
// 7. Puts the deployment's settings beside index.html (the file CONNECT_FORM_SETTINGS names; without it,
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

// The split build (release builds with CONNECT_FORM_SPLIT=1, which scripts/build-release sets): the
// same app built again with the `split` feature and split at src/components/lazy.rs, for the picker,
// which then loads the form's part only when a provider is picked. Trunk cannot split (it runs
// wasm-bindgen before anything could), so this runs the chain itself: cargo with relocations kept
// (in a target folder of its own, so neither build's cache spoils the other's), wasm-split-cli,
// wasm-bindgen keeping the linker's exports, wasm-opt on every part, then names from the content.
// Returns the split glue's and main wasm's names, or null when not splitting.
const splitBuild = () => {
  if (!release || process.env.CONNECT_FORM_SPLIT !== '1') return null;
  const root = fileURLToPath(new URL('..', import.meta.url));
  const flags = process.env.CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS ?? '';
  const env = { ...process.env, CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS: `${flags} -Clink-arg=--emit-relocs` };
  const run = (command, args) => execFileSync(command, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  const target = join(root, 'target', 'split');
  run('cargo', ['build', '--quiet', '--offline', '--release', '--target', 'wasm32-unknown-unknown', '--bin', 'connect-form',
    '--features', 'split', '--target-dir', target]);
  const work = mkdtempSync(join(dir, '.split-'));
  run('wasm-split-cli', [join(target, 'wasm32-unknown-unknown', 'release', 'connect-form.wasm'), work, '--out-name', 'split']);
  run('wasm-bindgen', ['--target', 'web', '--keep-lld-exports', '--no-typescript', '--out-dir', work, '--out-name', 'split',
    join(work, 'split.wasm')]);
  const chunks = readdirSync(work).filter((f) => /^split_.+\.wasm$/.test(f) && f !== 'split_bg.wasm');
  for (const wasm of ['split_bg.wasm', ...chunks]) {
    run('wasm-opt', ['-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', join(work, wasm), '-o', join(work, wasm)]);
  }
  const minified = (file) => transformSync(readFileSync(join(work, file), 'utf8'), { loader: 'js', format: 'esm', minify: true }).code;
  let glue = minified('split.js');
  let loader = minified('__wasm_split.js');
  // One hash for the set: the glue and the chunks' loader import each other, so neither can be named
  // after the other's name.
  const hash = createHash('sha256');
  for (const file of ['split_bg.wasm', ...chunks.sort()]) hash.update(readFileSync(join(work, file)));
  const id = hash.update(glue).update(loader).digest('hex').slice(0, 16);
  const names = { glue: `split-${id}.js`, wasm: `split-${id}_bg.wasm`, chunks: `split-chunks-${id}.js` };
  // (Only the import specifiers: the wasm's imports keep their module name `./__wasm_split.js`.)
  const from = (code, name, renamed) => code.replace(new RegExp(`from\\s*"\\./${name.replace('.', '\\.')}"`, 'g'), `from"./${renamed}"`);
  glue = from(glue, '__wasm_split.js', names.chunks);
  loader = from(loader, 'split.js', names.glue);
  for (const chunk of chunks) {
    const named = chunk.replace(/\.wasm$/, `-${id}.wasm`);
    loader = loader.split(`./${chunk}`).join(`./${named}`);
    renameSync(join(work, chunk), join(dir, named));
  }
  if (!glue.includes(names.chunks) || !loader.includes(names.glue) || /split_[^"'-]+\.wasm/.test(loader)) {
    console.error('error: wasm-split-cli no longer names its files the way this script expects');
    process.exit(1);
  }
  writeFileSync(join(dir, names.glue), glue);
  writeFileSync(join(dir, names.chunks), loader);
  renameSync(join(work, 'split_bg.wasm'), join(dir, names.wasm));
  rmSync(work, { recursive: true, force: true });
  return names;
};
const split = splitBuild();

// The loader (ours, in place of trunk's inline one: it also carries the app's events to an embedding
// page) and the in-page mount: each bundled with web/app.js, the build's file names filled in.
const bundle = (entry, names) => {
  const { outputFiles } = buildSync({
    entryPoints: [fileURLToPath(new URL(`../web/${entry}`, import.meta.url))],
    bundle: true,
    format: 'esm',
    external: ['__GLUE__', '__GLUE_SPLIT__'],
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
  // The split build (or, without one, the whole build under both names), and the hashes the loader
  // checks each against (release builds only: `trunk serve` rewrites its files as you edit).
  names.__GLUE_SPLIT__ = split ? `/${split.glue}` : names.__GLUE__;
  names.__WASM_SPLIT__ = split ? `/${split.wasm}` : names.__WASM__;
  const hashOf = (name) => (release ? sri(readFileSync(join(dir, name.replace(/^\//, '')))) : '');
  names.__GLUE_SRI__ = hashOf(names.__GLUE__);
  names.__WASM_SRI__ = hashOf(names.__WASM__);
  names.__GLUE_SPLIT_SRI__ = hashOf(names.__GLUE_SPLIT__);
  names.__WASM_SPLIT_SRI__ = hashOf(names.__WASM_SPLIT__);
  // Trunk's preloads of the whole build would make the picker download it for nothing: the loader
  // fetches the build the page needs.
  html = html.replace(/<link[^>]*rel="?(?:modulepreload|preload)"?[^>]*>/g, '');
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
