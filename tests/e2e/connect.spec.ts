// One provider of each auth type, filled by label like a user would, submitted, and checked on the
// API's side.
import { expect, test } from '@playwright/test';
import { connections, expectSecret, openForm, received } from './helpers';

test('API key: ActiveCampaign with its account name', async ({ page, request }) => {
  const opened = await openForm(page, { provider: 'activeCampaign' });
  await page.getByLabel('Account name').fill('acme');
  await page.getByLabel('API key', { exact: true }).fill('ac-key-0123456789abcdef');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('heading', { name: 'ActiveCampaign is connected' })).toBeVisible();
  const [connection] = await connections(request, opened);
  await expect(page.locator('.cf-connection-id')).toHaveText(connection.id);
  expect(connection).toMatchObject({ provider: 'activeCampaign', providerWorkspaceRef: 'acme', authScheme: 'apiKey' });
  expect(JSON.stringify(connection)).not.toContain('ac-key-0123456789abcdef');
  const got = await received(request, opened, connection.id);
  expect(got.credential).toBe('apiKey');
  expectSecret(got.values['apiKey'], 'ac-key-0123456789abcdef');
});

test('basic auth: Freshdesk with a pasted address', async ({ page, request }) => {
  const opened = await openForm(page, { provider: 'freshdesk' });
  await page.getByLabel('Domain').fill('https://acme.freshdesk.com/a/tickets/42');
  await page.getByLabel('Username').fill('jane@acme.com');
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
  await expect(page.getByText('We used “acme” from the address you pasted.')).toBeVisible();
  await expect(page.getByLabel('Domain')).toHaveValue('acme');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('heading', { name: 'Freshdesk is connected' })).toBeVisible();
  const [connection] = await connections(request, opened);
  expect(connection).toMatchObject({ provider: 'freshdesk', providerWorkspaceRef: 'acme', authScheme: 'basic' });
  expect(connection.providerMetadata.workspace).toEqual({ value: 'acme', source: 'input' });
  const got = await received(request, opened, connection.id);
  expect(got.values['basicAuth.username']).toBe('jane@acme.com');
  expectSecret(got.values['basicAuth.password'], 'correct horse battery');
});

test('custom auth: GitLab access token', async ({ page, request }) => {
  const opened = await openForm(page, { provider: 'gitlab' });
  await page.getByLabel('Access Token', { exact: true }).fill('glpat-0123456789abcdef');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('heading', { name: 'GitLab is connected' })).toBeVisible();
  const [connection] = await connections(request, opened);
  const got = await received(request, opened, connection.id);
  expect(got.credential).toBe('customAuth');
  expectSecret(got.values['customAuth.token'], 'glpat-0123456789abcdef');
});

test('OAuth2 client credentials: Adobe with scopes', async ({ page, request }) => {
  const opened = await openForm(page, { provider: 'adobe' });
  await page.getByLabel('Client ID').fill('adobe-client-1');
  await page.getByLabel('Client secret', { exact: true }).fill('adobe-secret-0123456789');
  await page.getByLabel('Scopes').fill('openid, AdobeID  read_organizations openid');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('heading', { name: 'Adobe is connected' })).toBeVisible();
  const [connection] = await connections(request, opened);
  expect(connection.authScheme).toBe('oauth2/clientCredentials');
  const got = await received(request, opened, connection.id);
  expect(got.values['oauth2ClientCredentials.clientId']).toBe('adobe-client-1');
  expect(got.values['oauth2ClientCredentials.scopes']).toEqual(['openid', 'AdobeID', 'read_organizations']);
  expectSecret(got.values['oauth2ClientCredentials.clientSecret'], 'adobe-secret-0123456789');
});

test('OAuth2 password grant: SugarCRM, with the legacy warning', async ({ page, request }) => {
  const opened = await openForm(page, { provider: 'sugarCRM' });
  await expect(page.getByText('SugarCRM uses an older sign-in method')).toBeVisible();
  await page.getByLabel('Base URL').fill('https://acme.sugarondemand.com/rest/v11_24/Accounts');
  await page.getByLabel('Username').fill('jane');
  await page.getByLabel('Password', { exact: true }).fill('sugar-password-1');
  await page.getByLabel('Client ID').fill('sugar');
  await page.getByLabel('Client secret', { exact: true }).fill('sugar-client-secret');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('heading', { name: 'SugarCRM is connected' })).toBeVisible();
  const [connection] = await connections(request, opened);
  expect(connection).toMatchObject({ authScheme: 'oauth2/password', providerWorkspaceRef: 'https://acme.sugarondemand.com' });
  const got = await received(request, opened, connection.id);
  expect(got.values['oauth2PasswordCredentials.username']).toBe('jane');
  expectSecret(got.values['oauth2PasswordCredentials.password'], 'sugar-password-1');
});

test('the picker: search, keyboard, and back', async ({ page }) => {
  await openForm(page);
  const count = page.locator('#cf-results-count');
  await expect(count).toHaveText('238 providers');
  const search = page.getByLabel('Search providers');
  await search.fill('zéndesk');
  await expect(count).toHaveText('2 providers');
  await expect(page.getByRole('status')).toHaveText('2 providers');
  await search.press('ArrowDown');
  await expect(page.getByRole('button', { name: /Zendesk Chat/ })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('button', { name: /Zendesk Support/ })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(search).toBeFocused();
  await search.fill('freshdesk');
  await page.getByRole('button', { name: /Freshdesk/ }).press('Enter');
  await expect(page.getByRole('heading', { name: 'Connect Freshdesk' })).toBeFocused();
  await page.getByRole('button', { name: 'Choose another provider' }).click();
  await expect(page.getByLabel('Search providers')).toBeFocused();
  await search.fill('no such thing');
  await expect(count).toHaveText('No provider matches “no such thing”.');
});

test('the live catalog, and the quiet fallback when it fails', async ({ page, request }) => {
  // The live list really is fetched (the embedded one would show the same two providers).
  const live = page.waitForResponse((r) => r.url().endsWith('/v1/providers'));
  await openForm(page, { catalog: 'live', providers: 'freshdesk,hubspot' });
  expect((await live).status()).toBe(200);
  await expect(page.locator('#cf-results-count')).toHaveText('2 providers');
  await expect(page.getByText('could not be loaded')).toHaveCount(0);
  // /v1/providers is the same path for every test, so instead of arming a fault for all of them,
  // this page's own request carries it (dev-api's X-Dev-Fault header).
  await page.route('**/v1/providers', (route) =>
    route.continue({ headers: { ...route.request().headers(), 'x-dev-fault': 'html502' } }),
  );
  await openForm(page, { catalog: 'live' });
  await expect(page.getByText('The latest provider list could not be loaded, so the form’s own list is shown.')).toBeVisible();
  await expect(page.locator('#cf-results-count')).toHaveText('238 providers');
});

test('missing configuration names the parameter', async ({ page }) => {
  await page.goto('/?project=e2e&theme=blue');
  await expect(page.getByRole('heading', { name: 'This form is not set up correctly' })).toBeVisible();
  await expect(page.getByText('“consumerRef” is required.')).toBeVisible();
  await expect(page.getByText('“groupRef” is required.')).toBeVisible();
  await expect(page.getByText('“theme” must be one of: light, dark, auto.')).toBeVisible();
});

test('a message appearing as the last field is left does not swallow the click on Connect', async ({ page, request }) => {
  const opened = await openForm(page, { provider: 'freshdesk' });
  await page.getByLabel('Username').fill('jane@acme.com');
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
  // The pasted address is reduced on leaving the field, and a note appears above the button.
  await page.getByLabel('Domain').fill('https://acme.freshdesk.com/a/tickets/42');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('heading', { name: 'Freshdesk is connected' })).toBeVisible();
  const [connection] = await connections(request, opened);
  expect(connection.providerWorkspaceRef).toBe('acme');

  // Likewise with an error: the click submits, and the summary says what is wrong.
  const second = await openForm(page, { provider: 'sugarCRM' });
  await page.getByLabel('Base URL').fill('http://acme.sugarondemand.com');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.locator('#cf-summary')).toBeFocused();
  await expect(page.locator('#cf-summary').getByRole('link')).toHaveText([
    'Base URL must start with https://.',
    'Username is required.',
    'Password is required.',
    'Client ID is required.',
    'Client secret is required.',
  ]);
  expect(await connections(request, second)).toHaveLength(0);
});
