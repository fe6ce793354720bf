// Trust: the form talks only to what its deployment allows (tests/e2e/settings.json, served beside the
// build like a real deployment's), never to what a link says; only allowed pages may frame it and hear
// it; two forms' sign-ins never cross; and it runs under the response headers the build ships.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import { authPort, hostPort, port } from './playwright.config';
import { clickAndClose, connectionsWithToken, formQuery, mintToken, openDemo } from './helpers';

const formOrigin = `http://127.0.0.1:${port}`;
const authOrigin = `http://127.0.0.1:${authPort}`;
const hostOrigin = `http://127.0.0.1:${hostPort}`;
/** Nothing listens here: a page the test makes up stands for a site the deployment does not allow. */
const strangerOrigin = 'http://127.0.0.1:9';

/** Records every request the page makes to an origin other than the form's and the allowed APIs'. */
function foreignRequests(page: Page) {
  const seen: string[] = [];
  page.on('request', (request) => {
    const { origin } = new URL(request.url());
    if (![formOrigin, authOrigin].includes(origin) && !request.url().startsWith('data:')) seen.push(request.url());
  });
  return seen;
}

for (const [param, value] of [
  ['apiBase', 'https://collector.attacker.example/v1'],
  ['tokenUrl', 'https://collector.attacker.example/token'],
  ['stylesheet', 'https://collector.attacker.example/look.css'],
  // A path the browser reads as another host.
  ['stylesheet', '/\\collector.attacker.example/look.css'],
]) {
  test(`a link with a foreign ${param} (${value}) gets the configuration page, and nothing leaves for it`, async ({ page }) => {
    const caught: string[] = [];
    await page.route('https://collector.attacker.example/**', (route) => {
      caught.push(route.request().url());
      return route.fulfill({ status: 200, body: '{}' });
    });
    const seen = foreignRequests(page);
    const { query } = formQuery({ provider: 'freshdesk', [param]: value });
    await page.goto(`/?${query}`);
    const page_ = page.getByRole('main');
    await expect(page_.getByRole('heading', { name: 'This form is not set up correctly' })).toBeVisible();
    // (A path that reads as another host resolves with the form's own scheme, http: here, so it is
    // refused as not https before it could be refused as not allowed.)
    await expect(page_).toContainText(`“${param}”`);
    await expect(page.getByLabel('Password', { exact: true })).toHaveCount(0);
    await page.waitForTimeout(500);
    expect(caught).toEqual([]);
    expect(seen.filter((url) => !url.startsWith('https://cdn.'))).toEqual([]);
  });
}

test('a live catalog is read from an allowed API only', async ({ page }) => {
  const caught: string[] = [];
  await page.route('https://collector.attacker.example/**', (route) => {
    caught.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'application/json', body: '{}' });
  });
  const { query } = formQuery({ catalog: 'live', apiBase: 'https://collector.attacker.example/v1' });
  await page.goto(`/?${query}`);
  await expect(page.getByRole('main')).toContainText('“apiBase” names an address this deployment does not allow');
  await page.waitForTimeout(500);
  expect(caught).toEqual([]);
});

test('a parameter given twice is refused', async ({ page }) => {
  const seen = foreignRequests(page);
  const { query } = formQuery({ provider: 'freshdesk' });
  await page.goto(`/?${query}&apiBase=${encodeURIComponent('http://127.0.0.1:18999/v1')}`);
  await expect(page.getByRole('main')).toContainText('“apiBase” is given more than once.');
  await expect(page.getByLabel('Domain')).toHaveCount(0);
  expect(seen).toEqual([]);
});

test("the review's reproduction: a logger on this machine hears nothing, before or after Connect", async ({ page }) => {
  const heard: string[] = [];
  const logger: Server = createServer((request: IncomingMessage, response) => {
    heard.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`);
    response.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' }).end();
  });
  await new Promise<void>((resolve) => logger.listen(18999, '127.0.0.1', resolve));
  try {
    const query = new URLSearchParams({
      apiBase: 'http://127.0.0.1:18999/v1',
      tokenUrl: `${authOrigin}/dev/token`,
      project: 'demo',
      groupRef: 'acme-inc',
      consumerRef: 'jane',
      provider: 'freshdesk',
    });
    await page.goto(`/?${query}`);
    await expect(page.getByRole('main')).toContainText('“apiBase” names an address this deployment does not allow');
    // There is no form to fill, so no Connect to press: wait as long as a listing would take.
    await page.waitForTimeout(1_000);
    expect(heard).toEqual([]);
  } finally {
    await new Promise((resolve) => logger.close(resolve));
  }
});

/** A page at `origin` (made up by the test) that frames the form at `src`, records what it hears, and
 * answers `ready` with a token of its own. */
async function framingPage(page: Page, origin: string, src: string) {
  await page.route(`${origin}/`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Somebody else</title><h1>Somebody else</h1>' }),
  );
  await page.goto(`${origin}/`);
  await page.evaluate((src) => {
    (window as any).heard = [];
    window.addEventListener('message', (event) => {
      (window as any).heard.push(event.data?.type ?? String(event.data));
      if (event.data?.type === 'connect-form:ready') {
        (event.source as Window).postMessage({ type: 'connect-form:token', token: 'e30.e30.attacker' }, '*');
      }
    });
    const frame = document.createElement('iframe');
    frame.src = src;
    document.body.append(frame);
  }, src);
}

test('a page the deployment does not allow cannot frame the form: the shipped frame-ancestors refuses it', async ({ page, request }) => {
  const { query } = formQuery({ provider: 'freshdesk', parentOrigin: strangerOrigin });
  const served = await request.get(`/?${query}`);
  expect(served.headers()['content-security-policy']).toContain(`frame-ancestors 'self' ${hostOrigin}`);
  const loaded: string[] = [];
  page.on('request', (r) => r.url().startsWith(formOrigin) && loaded.push(r.url()));
  await framingPage(page, strangerOrigin, `${formOrigin}/?${query}`);
  await page.waitForTimeout(1_500);
  // The browser showed nothing of the form: none of its scripts was even fetched, and nothing was heard.
  expect(loaded.filter((url) => !url.startsWith(`${formOrigin}/?`))).toEqual([]);
  expect(await page.evaluate(() => (window as any).heard)).toEqual([]);
});

test.describe('were the headers missing', () => {
  // As if a deployment served the build without its headers: the form still refuses to talk.
  test.beforeEach(async ({ page }) => {
    for (const origin of [formOrigin, authOrigin]) {
      await page.route(`${origin}/**`, async (route) => {
        const response = await route.fetch();
        const headers = { ...response.headers() };
        delete headers['content-security-policy'];
        delete headers['x-frame-options'];
        await route.fulfill({ response, headers });
      });
    }
  });

  test('parentOrigin naming a page the deployment does not allow: the configuration page, no event', async ({ page }) => {
    const { query } = formQuery({ provider: 'freshdesk', parentOrigin: strangerOrigin });
    await framingPage(page, strangerOrigin, `${formOrigin}/?${query}`);
    const frame = page.frameLocator('iframe');
    await expect(frame.getByRole('main')).toContainText('“parentOrigin” names an address this deployment does not allow');
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as any).heard)).toEqual([]);
  });

  test('parentOrigin naming an allowed page, framed by another: no event, and its token is not used', async ({ page }) => {
    const { query } = formQuery({ provider: 'gitlab', parentOrigin: hostOrigin }, authOrigin);
    const authorizations: string[] = [];
    page.on('request', (r) => r.url().includes('/connections') && authorizations.push(r.headers()['authorization'] ?? 'none'));
    await framingPage(page, strangerOrigin, `${authOrigin}/?${query}`);
    const frame = page.frameLocator('iframe');
    await frame.getByLabel('Access Token', { exact: true }).fill('glpat-0123456789abcdef');
    await frame.getByRole('button', { name: 'Connect' }).click();
    await expect(frame.locator('#cf-summary')).toContainText('The connection could not be made');
    expect(await page.evaluate(() => (window as any).heard)).toEqual([]);
    expect(authorizations.length).toBeGreaterThan(0);
    expect(authorizations.every((a) => a === 'none')).toBe(true);
  });
});

test('a token for another user is never sent: the form says so', async ({ page, playwright }) => {
  // The demo page signs in as its user and hands over tokens for them; the link names somebody else.
  const api = await playwright.request.newContext({ baseURL: authOrigin });
  const opened = await openDemo(page, authOrigin, { provider: 'gitlab', token: '1' });
  const intended = await mintToken(api, opened);
  const calls: string[] = [];
  page.on('request', (r) => r.url().includes('/v1/projects/') && calls.push(r.url()));
  // A form for "mallory" on the same page, given the page's token (which is for the demo's user).
  await page.evaluate(async ([token]) => {
    const { embed } = await import('/connect-form.js');
    const second = document.createElement('div');
    second.id = 'second';
    document.body.append(second);
    const options = (window as any).connectFormDemo.options;
    (window as any).secondErrors = [];
    embed({ ...options, container: second, consumerRef: 'mallory', getToken: () => token,
      onError: (detail: any) => (window as any).secondErrors.push(detail), onReady: () => {}, onResize: () => {} });
  }, [intended]);
  const frame = page.frameLocator('#second iframe');
  await frame.getByLabel('Access Token', { exact: true }).fill('glpat-0123456789abcdef');
  await frame.getByRole('button', { name: 'Connect' }).click();
  await expect(frame.locator('#cf-summary')).toContainText('This form was opened for someone other than the user signed in');
  expect(calls.filter((url) => url.includes('mallory') || url.endsWith(':generate'))).toEqual([]);
  await expect.poll(() => page.evaluate(() => (window as any).secondErrors.map((e: any) => e.code))).toContain('token');
});

test('two forms in one page signing in at the same time each report their own connection', async ({ page, playwright }) => {
  const opened = await openDemo(page, authOrigin, { token: '1', mode: 'page', provider: 'hubspot' });
  await page.evaluate(async () => {
    const { mount } = await import('/connect-form.js');
    const second = document.createElement('div');
    second.id = 'second';
    document.querySelector('#connect-form')!.after(second);
    const options = (window as any).connectFormDemo.options;
    (window as any).secondConnected = [];
    const form = mount({ ...options, container: second, provider: 'asana',
      onConnected: (detail: any) => (window as any).secondConnected.push(detail), onReady: () => {}, onResize: () => {} });
    await form.started;
  });
  await page.evaluate(() => {
    (window as any).firstConnected = [];
    document.querySelector('#connect-form')!.addEventListener('connect-form:connected', (e) =>
      (window as any).firstConnected.push((e as CustomEvent).detail));
  });
  const first = page.locator('#connect-form');
  const second = page.locator('#second');
  const firstPopup = page.waitForEvent('popup');
  await first.getByRole('button', { name: 'Continue to HubSpot' }).click();
  const hubspot = await firstPopup;
  await hubspot.waitForURL(/\/dev\/authorize/);
  const secondPopup = page.waitForEvent('popup');
  await second.getByRole('button', { name: 'Continue to Asana' }).click();
  const asana = await secondPopup;
  await asana.waitForURL(/\/dev\/authorize/);
  // Two windows, one per form: the second click did not take over the first form's window.
  expect(hubspot).not.toBe(asana);
  await expect(hubspot.getByRole('heading')).toContainText('HubSpot');
  await expect(asana.getByRole('heading')).toContainText('Asana');
  // The second form's sign-in finishes first.
  await clickAndClose(asana, 'Approve');
  await clickAndClose(hubspot, 'Approve');
  await expect.poll(() => page.evaluate(() => (window as any).firstConnected.length)).toBe(1);
  await expect.poll(() => page.evaluate(() => (window as any).secondConnected.length)).toBe(1);
  const api = await playwright.request.newContext({ baseURL: authOrigin });
  const listed = await connectionsWithToken(api, opened);
  const idOf = (provider: string) => listed.find((c) => c.provider === provider)!.id;
  const [firstSaid] = await page.evaluate(() => (window as any).firstConnected);
  const [secondSaid] = await page.evaluate(() => (window as any).secondConnected);
  expect(firstSaid.connection).toMatchObject({ provider: 'hubspot', id: idOf('hubspot') });
  expect(secondSaid.connection).toMatchObject({ provider: 'asana', id: idOf('asana') });
});

test('the build ships its headers, and the form runs under them with zero CSP violations', async ({ page, request }) => {
  const index = await request.get('/');
  const csp = index.headers()['content-security-policy'];
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain(`connect-src 'self' ${formOrigin} ${authOrigin}`);
  expect(csp).toContain(`frame-ancestors 'self' ${hostOrigin}`);
  expect(index.headers()['referrer-policy']).toBe('no-referrer');
  expect(index.headers()['x-content-type-options']).toBe('nosniff');
  expect(index.headers()['cache-control']).toBe('no-cache');
  expect((await request.get('/settings.json')).status()).toBe(200);

  await page.addInitScript(() => {
    (window as any).violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as any).violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const { query } = formQuery({ accent: '#0f766e', radius: '4px' });
  await page.goto(`/?${query}`);
  await page.getByLabel('Search providers').fill('fresh');
  await page.getByRole('button', { name: /Freshdesk/ }).click();
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.locator('#cf-summary')).toBeFocused();
  expect(await page.evaluate(() => (window as any).violations)).toEqual([]);
});

test('the host script refuses a form address that is not https (or http on this machine), and the demo ignores one', async ({ page }) => {
  await page.goto(`${hostOrigin}/?form=${encodeURIComponent('javascript:alert(document.domain)//')}`);
  await expect(page.locator('main')).toContainText('Ignored ?form=');
  const refused = await page.evaluate(async () => {
    const { embed, mount } = await import('/connect-form.js');
    const tries: string[] = [];
    for (const formUrl of ['javascript:alert(1)//', 'http://forms.example/', 'data:text/html,x']) {
      for (const start of [embed, mount]) {
        try {
          start({ formUrl, container: '#connect-form', project: 'p', groupRef: 'g', consumerRef: 'c' });
          tries.push(`accepted ${formUrl}`);
        } catch (error) {
          tries.push(String((error as Error).message));
        }
      }
    }
    return tries;
  });
  expect(new Set(refused)).toEqual(new Set(['connect-form: formUrl must be an https:// address']));
});
