// Signing in with the provider: the OAuth popup against dev-api's consent page, with every way it goes
// wrong in the wild (deny, a popup cut off by COOP, a forged message, a double click, a blocked popup),
// and the multi-step custom-auth flow.
import { expect, test, type Page } from '@playwright/test';
import { authPort } from './playwright.config';
import { clickAndClose, connections, continueTo, expectSecret, openForm, received } from './helpers';

test('HubSpot (no inputs): approve, and the confirmation names the connection', async ({ page, request }) => {
  const opened = await openForm(page, { provider: 'hubspot' });
  await expect(page.getByRole('heading', { name: 'Connect HubSpot' })).toBeVisible();
  const popup = await continueTo(page, 'Continue to HubSpot');
  // The popup is sized and placed as a popup, not a tab.
  expect(await popup.evaluate(() => window.outerWidth)).toBeLessThan(700);
  await expect(page.locator('.cf-waiting')).toContainText('Finish signing in to HubSpot');
  await clickAndClose(popup, 'Approve');
  await expect(page.getByRole('heading', { name: 'HubSpot is connected' })).toBeVisible();
  const [connection] = await connections(request, opened);
  expect(connection.provider).toBe('hubspot');
  await expect(page.locator('.cf-connection-id')).toHaveText(connection.id);
  await expect(page.locator('#cf-success')).toBeFocused();
});

test('Zendesk Support: a whole pasted address becomes the workspace before sign-in', async ({ page, request }) => {
  const opened = await openForm(page, { provider: 'zendeskSupport' });
  // The workspace is needed first: Continue with it empty says so and opens nothing.
  let popups = 0;
  page.on('popup', () => popups++);
  await page.getByRole('button', { name: 'Continue to Zendesk Support' }).click();
  await expect(page.locator('#cf-summary')).toBeFocused();
  expect(popups).toBe(0);
  await page.getByLabel('Subdomain').fill('https://globex.zendesk.com/agent/tickets/42');
  const popup = await continueTo(page, 'Continue to Zendesk Support');
  await expect(page.getByLabel('Subdomain')).toHaveValue('globex');
  await clickAndClose(popup, 'Approve');
  await expect(page.getByRole('heading', { name: 'Zendesk Support is connected' })).toBeVisible();
  await expect(page.locator('.cf-workspace')).toHaveText('globex');
  const [connection] = await connections(request, opened);
  expect(connection.providerWorkspaceRef).toBe('globex');
  expect(connection.providerMetadata.workspace.value).toBe('globex');
});

test('deny: a clear failure, and trying again works', async ({ page, request }) => {
  const opened = await openForm(page, { provider: 'hubspot' });
  let popup = await continueTo(page, 'Continue to HubSpot');
  await clickAndClose(popup, 'Deny');
  const summary = page.locator('#cf-summary');
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('HubSpot did not connect your account');
  // The reason the consent page gave reaches the user.
  await expect(summary).toContainText('HubSpot said: The user denied access');
  expect(await connections(request, opened)).toHaveLength(0);

  popup = await continueTo(page, 'Continue to HubSpot');
  await expect(summary).toBeHidden();
  await clickAndClose(popup, 'Approve');
  await expect(page.getByRole('heading', { name: 'HubSpot is connected' })).toBeVisible();
  expect(await connections(request, opened)).toHaveLength(1);
});

test('a popup cut off by COOP: the form finds the connection by polling', async ({ page, request }) => {
  const opened = await openForm(page, { provider: 'hubspot' });
  // dev-api's COOP switch, on this test's sign-in only.
  await page.route('**/v1/oauth-connect', (route) =>
    route.continue({ headers: { ...route.request().headers(), 'x-dev-fault': 'coop' } }),
  );
  const listed: number[] = [];
  page.on('request', (r) => r.method() === 'GET' && r.url().includes('/connections?') && listed.push(Date.now()));
  const popup = await continueTo(page, 'Continue to HubSpot');
  // The consent page's policy cut the popup off from the form: no message can come.
  expect(await popup.evaluate(() => window.opener)).toBeNull();
  await popup.getByRole('button', { name: 'Approve' }).click();
  // The list shows the connection within a poll or two.
  await expect(page.getByRole('heading', { name: 'HubSpot is connected' })).toBeVisible({ timeout: 15_000 });
  const [connection] = await connections(request, opened);
  await expect(page.locator('.cf-connection-id')).toHaveText(connection.id);
  expect(listed.length).toBeGreaterThanOrEqual(2);
});

test('a forged AUTHORIZATION_SUCCEEDED from another origin, or another window, changes nothing', async ({ page, request }) => {
  const opened = await openForm(page, { provider: 'hubspot' });
  const popup = await continueTo(page, 'Continue to HubSpot');
  await page.evaluate(() => {
    (window as any).arrived = 0;
    window.addEventListener('message', () => (window as any).arrived++);
  });
  // The popup, now on a page of another origin (another port), posts the real shapes to the form.
  await popup.goto(`http://127.0.0.1:${authPort}/v1/providers/hubspot`);
  await popup.evaluate(() => {
    window.opener.postMessage({ eventType: 'AUTHORIZATION_SUCCEEDED', data: { connection: 'forged' } }, '*');
    window.opener.postMessage({ eventType: 'AUTHORIZATION_FAILED', data: { error: 'forged' } }, '*');
  });
  // The same origin as the API but a wrong shape is ignored too.
  await page.evaluate(() => window.postMessage({ eventType: 'AUTHORIZATION_SUCCEEDED', data: 'forged' }, '*'));
  // A window at the API's origin that is not the popup (another form's sign-in, say) is not believed
  // either, even in the right shape.
  const otherOpened = page.waitForEvent('popup');
  await page.evaluate(() => window.open('/v1/providers/hubspot', 'another-sign-in'));
  const other = await otherOpened;
  await other.waitForLoadState();
  await other.evaluate(() =>
    window.opener.postMessage({ eventType: 'AUTHORIZATION_FAILED', data: { error: 'forged' } }, '*'),
  );
  // All four reached the form's window, and the form is still waiting.
  await expect.poll(() => page.evaluate(() => (window as any).arrived)).toBe(4);
  await expect(page.getByRole('heading', { name: /is connected/ })).toHaveCount(0);
  await expect(page.locator('#cf-summary')).toHaveCount(0);
  await expect(page.locator('.cf-waiting')).toContainText('Finish signing in to HubSpot');
  // The real sign-in still completes, with the real connection.
  await popup.goBack();
  await clickAndClose(popup, 'Approve');
  await expect(page.getByRole('heading', { name: 'HubSpot is connected' })).toBeVisible();
  const [connection] = await connections(request, opened);
  await expect(page.locator('.cf-connection-id')).toHaveText(connection.id);
});

test('a double click opens one popup and makes one connection', async ({ page, request }) => {
  const opened = await openForm(page, { provider: 'hubspot' });
  const popups: Page[] = [];
  page.on('popup', (p) => popups.push(p));
  const signIns: string[] = [];
  page.on('request', (r) => r.url().endsWith('/v1/oauth-connect') && signIns.push(r.method()));
  await page.getByRole('button', { name: 'Continue to HubSpot' }).dblclick();
  await expect.poll(() => popups.length).toBe(1);
  const popup = popups[0];
  await popup.waitForURL(/\/dev\/authorize/);
  // A third click brings the same window forward rather than starting again.
  await page.getByRole('button', { name: /Continue to HubSpot|Connecting/ }).click();
  await clickAndClose(popup, 'Approve');
  await expect(page.getByRole('heading', { name: 'HubSpot is connected' })).toBeVisible();
  expect(popups).toHaveLength(1);
  expect(signIns).toEqual(['POST']);
  expect(await connections(request, opened)).toHaveLength(1);
});

test('a blocked popup: the message and the link that runs the same sign-in in a new tab', async ({ page, request }) => {
  await page.addInitScript(() => {
    window.open = () => null;
  });
  const opened = await openForm(page, { provider: 'hubspot' });
  await page.getByRole('button', { name: 'Continue to HubSpot' }).click();
  await expect(page.locator('.cf-waiting')).toContainText('Your browser blocked the HubSpot sign-in window.');
  const tabPromise = page.context().waitForEvent('page');
  await page.getByRole('link', { name: 'Open the HubSpot sign-in in a new tab' }).click();
  const tab = await tabPromise;
  await tab.waitForURL(/\/dev\/authorize/);
  await clickAndClose(tab, 'Approve');
  await expect(page.getByRole('heading', { name: 'HubSpot is connected' })).toBeVisible();
  expect(await connections(request, opened)).toHaveLength(1);
});

test('a popup closed without signing in: the form offers to try again, and the retry works', async ({ page, request }) => {
  const opened = await openForm(page, { provider: 'hubspot' });
  let popup = await continueTo(page, 'Continue to HubSpot');
  await popup.close();
  // `closed` is only a hint (COOP makes it lie): after a grace period the form says so and offers to
  // start again, while it keeps looking for the connection.
  await expect(page.locator('.cf-waiting')).toContainText('The HubSpot sign-in window seems to have closed.', {
    timeout: 15_000,
  });
  expect(await connections(request, opened)).toHaveLength(0);
  popup = await continueTo(page, 'Continue to HubSpot');
  await clickAndClose(popup, 'Approve');
  await expect(page.getByRole('heading', { name: 'HubSpot is connected' })).toBeVisible();
  expect(await connections(request, opened)).toHaveLength(1);
});

test('Cancel stops waiting and closes the popup', async ({ page }) => {
  await openForm(page, { provider: 'hubspot' });
  const popup = await continueTo(page, 'Continue to HubSpot');
  const closed = popup.waitForEvent('close');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await closed;
  await expect(page.locator('.cf-waiting')).toBeHidden();
  await expect(page.locator('#cf-summary')).toHaveCount(0);
});

test('multi-step custom auth: Redtail through its extra step', async ({ page, request }) => {
  const opened = await openForm(page, { provider: 'redtail' });
  await page.getByLabel('Region').fill('crm');
  await page.getByLabel('API Key', { exact: true }).fill('redtail-key-0123456789');
  await page.getByLabel('Username', { exact: true }).fill('jane');
  await page.getByLabel('Password', { exact: true }).fill('redtail-password');
  const popupPromise = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Continue to Redtail' }).click();
  const popup = await popupPromise;
  await popup.waitForURL(/\/dev\/custom-auth/);
  await clickAndClose(popup, 'Continue');
  await expect(page.getByRole('heading', { name: 'Redtail is connected' })).toBeVisible();
  const [connection] = await connections(request, opened);
  expect(connection.provider).toBe('redtail');
  const stored = await received(request, opened, connection.id);
  expect(Object.keys(stored.values).sort()).toEqual([
    'customAuth.apiKey', 'customAuth.password', 'customAuth.username', 'providerMetadata.region',
  ]);
  expectSecret(stored.values['customAuth.password'], 'redtail-password');
});
