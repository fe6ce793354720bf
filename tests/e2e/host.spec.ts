// The demo host page ("Acme settings → Integrations", host/) embedding the release build with the host
// script: resizing, the events and their payloads, origin checks both ways, the token handshake, and axe
// in light and dark.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { authPort, hostPort, port } from './playwright.config';
import { armFault, connections, connectionsWithToken, demoEvents, fillFreshdesk, freshdeskConnected, mintToken, openDemo } from './helpers';

const formOrigin = `http://127.0.0.1:${port}`;
const hostOrigin = `http://127.0.0.1:${hostPort}`;

/** Opens the demo host page for a fresh user; returns the form's frame once the form said it is ready. */
async function openFramed(page: Page, options: Record<string, string> = {}, form = formOrigin) {
  const opened = await openDemo(page, form, options);
  const frame = page.frame({ url: (u) => u.href.startsWith(`${form}/`) })!;
  return { opened, frame };
}

const events = demoEvents;

test('the iframe resizes as fields appear and disappear, with no inner scrollbar', async ({ page }) => {
  const { frame } = await openFramed(page, { provider: 'freshdesk' });
  const iframe = page.locator('#connect-form iframe');
  const noInnerScroll = () =>
    frame.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight);
  await expect.poll(async () => (await iframe.boundingBox())!.height).toBeGreaterThan(300);
  const before = (await iframe.boundingBox())!.height;
  expect(await noInnerScroll()).toBe(true);
  // An empty submit adds the summary and three messages: the iframe grows with them.
  await frame.getByRole('button', { name: 'Connect' }).click();
  await expect(frame.locator('#cf-summary')).toBeVisible();
  await expect.poll(async () => (await iframe.boundingBox())!.height).toBeGreaterThan(before + 100);
  expect(await noInnerScroll()).toBe(true);
  const grown = (await iframe.boundingBox())!.height;
  // Filling the fields removes the messages: it shrinks again.
  await fillFreshdesk(frame);
  await frame.getByLabel('Domain').focus();
  await expect(frame.locator('.cf-error')).toHaveCount(0);
  await expect.poll(async () => (await iframe.boundingBox())!.height).toBeLessThan(grown);
  expect(await noInnerScroll()).toBe(true);
  const resizes = (await events(page)).filter((e) => e.type === 'resize');
  expect(resizes.length).toBeGreaterThanOrEqual(3);
});

test('error and connected events reach the host with the documented payloads', async ({ page, request }) => {
  const { opened, frame } = await openFramed(page, { provider: 'freshdesk' });
  await fillFreshdesk(frame);
  await armFault(request, opened, 'status=500', 1, formOrigin);
  const refused = page.waitForResponse((r) => r.url().endsWith(':generate'));
  await frame.getByRole('button', { name: 'Connect' }).click();
  // The API's problem details, as the documented members of `problem`.
  const said = await (await refused).json();
  const problem = Object.fromEntries(
    ['type', 'title', 'status', 'detail', 'remedy', 'retryable', 'requestId'].filter((k) => k in said).map((k) => [k, said[k]]),
  );
  expect(problem.status).toBe(500);
  await expect.poll(async () => (await events(page)).some((e) => e.type === 'error')).toBe(true);
  const error = (await events(page)).find((e) => e.type === 'error')!.detail;
  expect(error).toEqual({ code: 'rejected', provider: 'freshdesk', status: 500, problem });

  await frame.getByRole('button', { name: 'Connect' }).click();
  await expect(page.locator('#status')).toHaveText(/^Connected: freshdesk/);
  const [connection] = await connections(request, opened);
  const connected = (await events(page)).find((e) => e.type === 'connected')!.detail;
  expect(connected).toEqual(freshdeskConnected(connection));
  // No event carries what the user typed.
  expect(JSON.stringify(await events(page))).not.toContain('s3cret');
  expect((await events(page))[0]).toEqual({ type: 'ready', detail: {} });
});

test('a token message from a wrong origin is ignored; the parent\'s is taken', async ({ page, playwright }) => {
  // The form on the API that requires tokens, and a host page with no getToken: tokens arrive only as
  // this test posts them.
  const auth = `http://127.0.0.1:${authPort}`;
  const { opened, frame } = await openFramed(page, { provider: 'gitlab' }, auth);
  await frame.evaluate(() => {
    (window as any).arrived = 0;
    window.addEventListener('message', () => (window as any).arrived++);
  });
  // A frame of another origin on the same page posts a token to the form.
  await page.evaluate((other) => {
    const intruder = document.createElement('iframe');
    intruder.src = other;
    intruder.id = 'intruder';
    document.body.append(intruder);
    return new Promise((resolve) => intruder.addEventListener('load', resolve));
  }, `${formOrigin}/v1/providers/freshdesk`);
  const intruder = page.frame({ url: (u) => u.href.startsWith(`${formOrigin}/`) })!;
  await intruder.evaluate(() => {
    const form = window.parent.frames[0];
    form.postMessage({ type: 'connect-form:token', token: 'forged.token.value' }, '*');
  });
  // The form's own page (same origin as the form, not the parent) is refused too.
  await frame.evaluate(() => window.postMessage({ type: 'connect-form:token', token: 'self.token.value' }, '*'));
  await expect.poll(() => frame.evaluate(() => (window as any).arrived)).toBe(2);

  // Neither is used: the call goes without a token, and is refused.
  const authorizations: string[] = [];
  page.on('request', (r) => r.url().endsWith(':generate') && authorizations.push(r.headers()['authorization'] ?? 'none'));
  await frame.getByLabel('Access Token', { exact: true }).fill('glpat-0123456789abcdef');
  const refused = page.waitForResponse((r) => r.url().endsWith(':generate'));
  await frame.getByRole('button', { name: 'Connect' }).click();
  expect((await refused).status()).toBe(401);
  expect(authorizations).toEqual(['none']);
  // The parent, at parentOrigin, is believed: the form, waiting after the 401, tries again with its token.
  const api = await playwright.request.newContext({ baseURL: auth });
  const token = await mintToken(api, opened);
  await page.evaluate(
    ([origin, token]) =>
      (document.querySelector('#connect-form iframe') as HTMLIFrameElement).contentWindow!.postMessage(
        { type: 'connect-form:token', token },
        origin,
      ),
    [auth, token],
  );
  await expect(page.locator('#status')).toHaveText(/^Connected: gitlab/);
  expect(authorizations).toEqual(['none', `Bearer ${token}`]);
});

test('the form posts only to parentOrigin, never to *', async ({ page }) => {
  // This page embeds three forms: one naming another origin as parentOrigin, one naming none, and one
  // naming this page's origin. Only the last is heard: had the others posted to '*', their messages
  // would arrive here too. The last one's `ready` comes after the others have started.
  await page.goto(`${hostOrigin}/demo.css`);
  const received = await page.evaluate(
    async ([src, self]) => {
      const messages: Array<{ frame: number; type: string }> = [];
      const frames: HTMLIFrameElement[] = [];
      window.addEventListener('message', (e) =>
        messages.push({ frame: frames.findIndex((f) => f.contentWindow === e.source), type: e.data?.type }),
      );
      for (const parentOrigin of ['https://other.example', '', self]) {
        const frame = document.createElement('iframe');
        const url = new URL(src);
        if (parentOrigin) url.searchParams.set('parentOrigin', parentOrigin);
        frame.src = url.href;
        frames.push(frame);
        document.body.append(frame);
        await new Promise((resolve) => frame.addEventListener('load', resolve));
      }
      while (!messages.some((m) => m.frame === 2 && m.type === 'connect-form:ready')) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return messages;
    },
    [`${formOrigin}/?apiBase=${encodeURIComponent(`${formOrigin}/v1`)}&project=p&groupRef=g&consumerRef=c&provider=freshdesk`, hostOrigin],
  );
  expect(received.filter((m) => m.frame !== 2)).toEqual([]);
  expect(received).toContainEqual({ frame: 2, type: 'connect-form:ready' });
});

test('the token handshake: getToken on ready, then the bearer on every call', async ({ page, playwright }) => {
  const auth = `http://127.0.0.1:${authPort}`;
  const { opened, frame } = await openFramed(page, { provider: 'gitlab', token: '1' }, auth);
  const authorizations: string[] = [];
  page.on('request', (r) => r.url().startsWith(`${auth}/v1/projects/`) && authorizations.push(r.headers()['authorization'] ?? ''));
  await frame.getByLabel('Access Token', { exact: true }).fill('glpat-0123456789abcdef');
  await frame.getByRole('button', { name: 'Connect' }).click();
  await expect(page.locator('#status')).toHaveText(/^Connected: gitlab/);
  expect(authorizations.length).toBeGreaterThan(0);
  expect(authorizations.every((a) => /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(a))).toBe(true);
  const api = await playwright.request.newContext({ baseURL: auth });
  expect(await connectionsWithToken(api, opened)).toHaveLength(1);
});

for (const theme of ['light', 'dark']) {
  test(`the demo host page and the form pass axe in ${theme}`, async ({ page }) => {
    const { frame } = await openFramed(page, { provider: 'freshdesk', theme });
    await frame.getByRole('button', { name: 'Connect' }).click();
    await expect(frame.locator('#cf-summary')).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
  });
}

test('a cancelled sign-in settles the host promise', async ({ page }) => {
  const { frame } = await openFramed(page, { provider: 'hubspot' });
  const popupPromise = page.waitForEvent('popup');
  await frame.getByRole('button', { name: 'Continue to HubSpot' }).click();
  await popupPromise;
  await frame.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('#status')).toHaveText('The user cancelled.');
  expect((await events(page)).filter((e) => e.type === 'cancel')).toEqual([
    { type: 'cancel', detail: { provider: 'hubspot' } },
  ]);
});
