// dev-api's own pages in a real browser: the OAuth consent page and the custom-auth redirect step post
// to their opener exactly as the real callbacks do, so the sign-in work can rely on them.
import { expect, test, type Page } from '@playwright/test';
import { clickAndClose, connections, formQuery } from './helpers';

/** Opens a blank page of dev-api's origin that records the messages it receives. */
async function opener(page: Page) {
  await page.goto('/v1/providers/hubspot');
  await page.evaluate(() => {
    (window as any).received = [];
    window.addEventListener('message', (e) => (window as any).received.push({ origin: e.origin, data: e.data }));
  });
}

async function post(page: Page, path: string, body: object) {
  return page.evaluate(
    async ([path, body]) => {
      const r = await fetch(path as string, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
    },
    [path, body],
  );
}

test('OAuth consent: approve posts AUTHORIZATION_SUCCEEDED to the opener and closes', async ({ page, request }) => {
  await opener(page);
  const opened = formQuery();
  const answer = await post(page, '/v1/oauth-connect', {
    projectIdOrName: opened.project, provider: 'hubspot', groupRef: 'acme-inc', consumerRef: opened.consumerRef,
  });
  expect(answer.status).toBe(200);
  expect(answer.type).toContain('text/plain');
  const popupPromise = page.waitForEvent('popup');
  await page.evaluate((url) => window.open(url, 'signin', 'width=500,height=600'), answer.text);
  const popup = await popupPromise;
  await expect(popup.getByRole('heading', { name: /HubSpot/ })).toBeVisible();
  await clickAndClose(popup, 'Approve');
  const [connection] = await connections(request, opened);
  await expect.poll(() => page.evaluate(() => (window as any).received)).toEqual([
    { origin: new URL(page.url()).origin, data: { eventType: 'AUTHORIZATION_SUCCEEDED', data: { connection: connection.id } } },
  ]);
});

test('OAuth consent: deny posts AUTHORIZATION_FAILED; the COOP switch posts nothing', async ({ page, request }) => {
  await opener(page);
  const opened = formQuery();
  const body = { projectIdOrName: opened.project, provider: 'hubspot', groupRef: 'acme-inc', consumerRef: opened.consumerRef };
  const denied = await post(page, '/v1/oauth-connect', body);
  let popupPromise = page.waitForEvent('popup');
  await page.evaluate((url) => window.open(url, 'signin'), denied.text);
  let popup = await popupPromise;
  await clickAndClose(popup, 'Deny');
  await expect.poll(() => page.evaluate(() => (window as any).received.map((m: any) => m.data.eventType))).toEqual([
    'AUTHORIZATION_FAILED',
  ]);
  expect(await connections(request, opened)).toHaveLength(0);

  // With the fault `coop`, the consent page cuts its opener: approving stores the connection, but no
  // message can arrive (the form must find the connection by listing).
  const cut = await page.evaluate(async (body) => {
    const r = await fetch('/v1/oauth-connect', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-dev-fault': 'coop' },
      body: JSON.stringify(body),
    });
    return r.text();
  }, body);
  popupPromise = page.waitForEvent('popup');
  await page.evaluate((url) => window.open(url, 'signin2'), cut);
  popup = await popupPromise;
  await popup.waitForURL(/\/dev\/authorize/);
  // The policy cut the popup off from its opener: there is no window to post to.
  expect(await popup.evaluate(() => window.opener)).toBeNull();
  await popup.getByRole('button', { name: 'Approve' }).click();
  await expect.poll(async () => (await connections(request, opened)).length).toBe(1);
  expect(await page.evaluate(() => (window as any).received.length)).toBe(1);
});

test('custom-auth redirect step posts its params to the opener', async ({ page }) => {
  await opener(page);
  const opened = formQuery();
  const first = await post(page, '/v1/custom-auth/connect', {
    projectIdOrName: opened.project, provider: 'redtail', groupRef: 'acme-inc', consumerRef: opened.consumerRef,
    providerMetadata: { region: { value: 'crm', source: 'input' } },
    customAuth: { apiKey: 'redtail-key-0123456789', username: 'jane', password: 'redtail-password' },
  });
  expect(first.status).toBe(200);
  const { redirect } = JSON.parse(first.text);
  const popupPromise = page.waitForEvent('popup');
  await page.evaluate((url) => window.open(url, 'step'), redirect.url);
  const popup = await popupPromise;
  await clickAndClose(popup, 'Continue');
  await expect.poll(() => page.evaluate(() => (window as any).received.length)).toBe(1);
  const messages = await page.evaluate(() => (window as any).received);
  expect(messages[0].data.source).toBe('ampersand-custom-auth');
  const second = await post(page, '/v1/custom-auth/connect', {
    projectIdOrName: opened.project, sessionId: redirect.sessionId, callbackParams: messages[0].data.params,
  });
  expect(second.status).toBe(200);
  expect(JSON.parse(second.text).connection.provider).toBe('redtail');
});
