// The response headers for the form's files, derived from the deployment's settings (settings.json,
// README "Security model"): the Content-Security-Policy that lets the form reach only the APIs, token
// endpoints and style sheets the deployment allows and be framed only by the hosts it allows, and the
// other headers a security review of an auth widget asks for. Written as files a static host or CDN
// takes as they are: `_headers` (Netlify, Cloudflare Pages; dev-api's --static sends it too) and
// `nginx-headers.conf`.
//
//   node scripts/headers.mjs DIST     rewrites DIST/_headers and DIST/nginx-headers.conf from
//                                     DIST/settings.json (the defaults when there is none), after
//                                     editing a built form's settings
//
// scripts/postbuild.mjs calls the same functions on every build.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The hosted connection API, the only one allowed without a settings file (core's DEFAULT_API_BASE). */
export const DEFAULT_API_BASE = 'https://api.withampersand.com/v1';
const KEYS = ['apiBases', 'tokenUrls', 'stylesheetOrigins', 'hostOrigins'];
const loopback = (host) => host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);

/**
 * Reads settings.json's text (null: none) into the origins each directive allows. Refuses what the
 * form would refuse (connect-core's `Settings::from_json`), so that a build never ships headers for
 * settings the form will not run with.
 */
export function readSettings(text) {
  const settings = text === null ? {} : JSON.parse(text);
  if (!settings || typeof settings !== 'object' || Array.isArray(settings)) throw new Error('settings.json: not a JSON object');
  for (const key of Object.keys(settings)) {
    if (!key.startsWith('$') && !KEYS.includes(key)) throw new Error(`settings.json: unknown key "${key}"`);
  }
  const list = (key, fallback = []) => {
    const value = settings[key] ?? fallback;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      throw new Error(`settings.json: "${key}" must be a list of strings`);
    }
    return value.map((entry, index) => {
      // A path (tokenUrls only) is on the form's own origin, which 'self' covers.
      const url = new URL(entry.trim(), 'https://form.invalid');
      const ok = url.protocol === 'https:' || (url.protocol === 'http:' && loopback(url.hostname));
      if (!ok || url.username || url.password || url.search || url.hash || (key !== 'tokenUrls' && url.host === 'form.invalid')) {
        throw new Error(`settings.json: entry ${index + 1} of "${key}" is not an allowed address`);
      }
      if (key.endsWith('Origins') && url.href !== `${url.origin}/`) {
        throw new Error(`settings.json: entry ${index + 1} of "${key}" is not an origin`);
      }
      return url.host === 'form.invalid' ? "'self'" : url.origin;
    });
  };
  const apis = list('apiBases', [DEFAULT_API_BASE]);
  if (apis.length === 0) throw new Error('settings.json: "apiBases" lists no API');
  return {
    connect: [...apis, ...list('tokenUrls')],
    style: list('stylesheetOrigins'),
    hosts: list('hostOrigins'),
  };
}

const sources = (...lists) => [...new Set(["'self'", ...lists.flat()])].join(' ');

/** The headers every file of the form is served with, as [name, value] pairs. */
export function responseHeaders({ connect, style, hosts }) {
  const policy = [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    `style-src ${sources(style)}`,
    // Provider icons come from the providers' CDNs.
    "img-src 'self' https: data:",
    `connect-src ${sources(connect)}`,
    `frame-ancestors ${sources(hosts)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const headers = [
    ['Content-Security-Policy', policy],
    ['Referrer-Policy', 'no-referrer'],
    ['X-Content-Type-Options', 'nosniff'],
    // The sign-in popups the form opens keep their opener (they post the result back to it); a page
    // that opens the form itself in a window of its own cannot reach into it.
    ['Cross-Origin-Opener-Policy', 'same-origin-allow-popups'],
    ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()'],
    ['Strict-Transport-Security', 'max-age=31536000'],
  ];
  // For browsers without frame-ancestors, when only the form's own origin may frame it (one value is
  // all this header can say).
  if (hosts.length === 0) headers.push(['X-Frame-Options', 'SAMEORIGIN']);
  return headers;
}

/** The files that are not content-hashed: a browser must check them again each time. */
const UNHASHED = ['/', '/index.html', '/mount.js', '/settings.json'];

/** `_headers`, the format of Netlify and Cloudflare Pages. */
export function headersFile(headers) {
  const block = (path, pairs) => [path, ...pairs.map(([name, value]) => `  ${name}: ${value}`)].join('\n');
  return [
    '# connect-form: response headers derived from settings.json (scripts/headers.mjs). Do not edit;',
    '# change settings.json and run `node scripts/headers.mjs DIST` again.',
    block('/*', headers),
    ...UNHASHED.map((path) => block(path, [['Cache-Control', 'no-cache']])),
    '',
  ].join('\n');
}

/** The same for nginx: `include` it in the `server { }` that serves the form's files. */
export function nginxSnippet(headers) {
  const lines = (pairs, indent) =>
    pairs.map(([name, value]) => `${indent}add_header ${name} "${value}" always;`).join('\n');
  const unhashed = UNHASHED.map((p) => p.slice(1).replace('.', '\\.')).filter(Boolean).join('|');
  return [
    '# connect-form: response headers derived from settings.json (scripts/headers.mjs). Do not edit;',
    '# change settings.json and run `node scripts/headers.mjs DIST` again. Include this file in the',
    '# server { } that serves the form. (nginx forgets inherited add_header lines in a block that has',
    '# its own, hence the repetition in the location below.)',
    lines(headers, ''),
    `location ~ ^/(${unhashed})?$ {`,
    lines([...headers, ['Cache-Control', 'no-cache']], '    '),
    '}',
    '',
  ].join('\n');
}

/** Writes `_headers` and `nginx-headers.conf` into `dir` from its settings.json (or the defaults). */
export function writeHeaders(dir) {
  const path = join(dir, 'settings.json');
  const headers = responseHeaders(readSettings(existsSync(path) ? readFileSync(path, 'utf8') : null));
  writeFileSync(join(dir, '_headers'), headersFile(headers));
  writeFileSync(join(dir, 'nginx-headers.conf'), nginxSnippet(headers));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/headers.mjs DIST');
    process.exit(2);
  }
  try {
    writeHeaders(dir);
  } catch (error) {
    console.error(`error: ${error.message}`);
    process.exit(1);
  }
}
