// node --test: the headers derived from the deployment's settings (scripts/headers.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { headersFile, nginxSnippet, readSettings, responseHeaders } from './headers.mjs';

const policy = (text) => new Map(responseHeaders(readSettings(text))).get('Content-Security-Policy');

test('without settings: the hosted API, and framed by the form\'s own origin only', () => {
  const headers = new Map(responseHeaders(readSettings(null)));
  assert.match(headers.get('Content-Security-Policy'), /connect-src 'self' https:\/\/api\.withampersand\.com;/);
  assert.match(headers.get('Content-Security-Policy'), /frame-ancestors 'self';/);
  assert.equal(headers.get('X-Frame-Options'), 'SAMEORIGIN');
  assert.equal(headers.get('Referrer-Policy'), 'no-referrer');
  assert.equal(headers.get('X-Content-Type-Options'), 'nosniff');
});

test('each allowed address lands in its directive, as an origin', () => {
  const csp = policy(JSON.stringify({
    $comment: 'x',
    apiBases: ['https://API.example.com/v1', 'http://127.0.0.1:8787/v1'],
    tokenUrls: ['/api/token', 'https://app.example.com/api/connect-token'],
    stylesheetOrigins: ['https://cdn.example.com'],
    hostOrigins: ['https://app.example.com', 'https://bücher.example'],
  }));
  assert.equal(
    csp,
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' https://cdn.example.com; " +
      "img-src 'self' https: data:; connect-src 'self' https://api.example.com http://127.0.0.1:8787 " +
      "https://app.example.com; frame-ancestors 'self' https://app.example.com https://xn--bcher-kva.example; " +
      "base-uri 'none'; form-action 'none'",
  );
  assert.ok(!new Map(responseHeaders(readSettings('{"hostOrigins":["https://a.example"]}'))).has('X-Frame-Options'));
});

test('settings the form would refuse fail, naming what is wrong', () => {
  for (const [text, message] of [
    ['[]', /not a JSON object/],
    ['{"hostOrigin": []}', /unknown key "hostOrigin"/],
    ['{"apiBases": []}', /lists no API/],
    ['{"apiBases": "https://a.example"}', /list of strings/],
    ['{"apiBases": ["http://api.example.com/v1"]}', /entry 1 of "apiBases"/],
    ['{"hostOrigins": ["https://a.example/path"]}', /not an origin/],
    ['{"hostOrigins": ["*"]}', /entry 1 of "hostOrigins"/],
    ['{"stylesheetOrigins": ["/x.css"]}', /entry 1 of "stylesheetOrigins"/],
    ['{"tokenUrls": ["https://a.example/t?u=1"]}', /entry 1 of "tokenUrls"/],
  ]) {
    assert.throws(() => readSettings(text), message, text);
  }
});

test('the files: _headers for every path, no-cache for the unhashed ones; nginx the same', () => {
  const headers = responseHeaders(readSettings(null));
  const file = headersFile(headers);
  assert.match(file, /^\/\*\n  Content-Security-Policy: default-src 'none';/m);
  assert.match(file, /^\/mount\.js\n  Cache-Control: no-cache$/m);
  assert.match(file, /^\/settings\.json\n  Cache-Control: no-cache$/m);
  const nginx = nginxSnippet(headers);
  assert.match(nginx, /^add_header Content-Security-Policy "default-src 'none';.*" always;$/m);
  assert.match(nginx, /^location ~ \^\/\(index\\\.html\|mount\\\.js\|settings\\\.json\)\?\$ \{$/m);
  assert.match(nginx, /^    add_header Cache-Control "no-cache" always;$/m);
});
