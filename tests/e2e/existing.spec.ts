// An existing connection (listed on load, or found after a 409), updating its credentials with a PATCH
// that names only what changed, reconnecting an OAuth connection, and importing OAuth tokens.
import { execFileSync } from 'node:child_process';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import {
  clickAndClose, connections, continueTo, expectSecret, fillFreshdesk, GROUP, openForm, received, type Opened,
} from './helpers';

const schemaCheck = '../../target/debug/schema-check';

/** Validates a request body against a type of the reference schema (testkit's validator). */
function expectValid(definition: string, body: unknown) {
  try {
    execFileSync(schemaCheck, [definition], { input: JSON.stringify(body), stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e: any) {
    throw new Error(`not a valid ${definition}: ${e.stderr}`);
  }
}

/** Makes a Freshdesk connection for this user straight through the API. */
async function connectFreshdesk(request: APIRequestContext, opened: Opened) {
  const response = await request.post(`/v1/projects/${opened.project}/connections:generate`, {
    data: {
      provider: 'freshdesk', groupRef: GROUP, consumerRef: opened.consumerRef,
      providerWorkspaceRef: 'acme', providerMetadata: { workspace: { value: 'acme', source: 'input' } },
      basicAuth: { username: 'jane@acme.com', password: 'first-password' },
    },
  });
  expect(response.status()).toBe(201);
  return (await response.json()).id as string;
}

function bodiesOf(page: Page, method: string) {
  const bodies: any[] = [];
  page.on('request', (r) => r.method() === method && r.url().includes('/connections') && bodies.push(r.postDataJSON()));
  return bodies;
}

test('an existing connection: shown on load, then updated with only the changed mask', async ({ page, request }) => {
  const opened = await openForm(page, { provider: 'freshdesk' });
  const id = await connectFreshdesk(request, opened);
  await page.reload();
  const card = page.locator('.cf-existing');
  await expect(card.getByRole('heading', { name: 'Freshdesk is already connected' })).toBeVisible();
  await expect(card).toContainText('acme');
  await expect(card).toContainText('Working');
  await expect(page.getByLabel('Password', { exact: true })).toBeHidden();

  const patches = bodiesOf(page, 'PATCH');
  await card.getByRole('button', { name: 'Update credentials' }).click();
  await expect(page.getByRole('heading', { name: 'Update your Freshdesk connection' })).toBeFocused();
  await expect(page.getByLabel(/^Domain/)).toHaveValue('acme');
  await expect(page.getByLabel(/^Username/)).toHaveValue('');
  // Nothing changed: nothing is sent.
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Nothing changed yet.')).toBeVisible();
  // A password alone is not a whole credential: the username is asked for.
  await page.getByLabel(/^Password/).fill('second-password');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.locator('#cf-summary li')).toHaveText(['Username is required.']);
  expect(patches).toHaveLength(0);
  await page.getByLabel(/^Username/).fill('jane@acme.com');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { name: 'Your Freshdesk connection is updated' })).toBeVisible();

  expect(patches).toEqual([
    { updateMask: ['basicAuth'], connection: { basicAuth: { username: 'jane@acme.com', password: 'second-password' } } },
  ]);
  expectValid('UpdateConnectionRequest', patches[0]);
  const stored = await received(request, opened, id);
  expectSecret(stored.values['basicAuth.password'], 'second-password');
  expect(await connections(request, opened)).toHaveLength(1);
});

test('a 409 from generate shows the connection made meanwhile', async ({ page, request }) => {
  const opened = await openForm(page, { provider: 'freshdesk' });
  await fillFreshdesk(page);
  // Another tab connects first.
  await connectFreshdesk(request, opened);
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('heading', { name: 'Freshdesk is already connected' })).toBeFocused();
  await expect(page.getByRole('button', { name: 'Update credentials' })).toBeVisible();
  expect(await connections(request, opened)).toHaveLength(1);
});

test('reconnect an OAuth connection through :oauth-update', async ({ page, request }) => {
  const opened = await openForm(page, { provider: 'hubspot' });
  await clickAndClose(await continueTo(page, 'Continue to HubSpot'), 'Approve');
  await expect(page.getByRole('heading', { name: 'HubSpot is connected' })).toBeVisible();
  const [first] = await connections(request, opened);

  await page.reload();
  await expect(page.getByRole('heading', { name: 'HubSpot is already connected' })).toBeVisible();
  const updates: string[] = [];
  page.on('request', (r) => r.url().includes(':oauth-update') && updates.push(r.method()));
  await clickAndClose(await continueTo(page, 'Reconnect'), 'Approve');
  await expect(page.getByRole('heading', { name: 'HubSpot is connected' })).toBeVisible();
  expect(updates).toEqual(['PATCH']);
  const after = await connections(request, opened);
  expect(after).toHaveLength(1);
  expect(after[0].id).toBe(first.id);
  // Renewed: the same connection, changed now.
  expect(after[0].updateTime).toBeTruthy();
  expect(after[0].updateTime).not.toEqual(first.updateTime);
});

test('token import (allowTokenImport=true): the submitted JSON validates against the schema', async ({ page, request }) => {
  const opened = await openForm(page, { provider: 'hubspot', allowTokenImport: 'true' });
  const posts = bodiesOf(page, 'POST');
  await page.getByRole('button', { name: 'I have tokens from another system' }).click();
  await expect(page.getByRole('heading', { name: 'Import HubSpot tokens' })).toBeFocused();
  await page.getByLabel('Access token', { exact: true }).fill('hubspot-access-0123456789');
  await page.getByLabel('Access token expires at').fill('2027-01-31T12:00:00Z');
  await page.getByLabel(/^Refresh token( \(optional\))?$/).fill('hubspot-refresh-0123456789');
  await page.getByLabel('Scopes').fill('crm.objects.contacts.read, oauth');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('heading', { name: 'HubSpot is connected' })).toBeVisible();
  expect(posts).toHaveLength(1);
  expectValid('GenerateConnectionRequest', posts[0]);
  expect(posts[0].oauth2AuthorizationCode).toEqual({
    accessToken: { token: 'hubspot-access-0123456789', expiresAt: '2027-01-31T12:00:00Z' },
    refreshToken: { token: 'hubspot-refresh-0123456789' },
    scopes: ['crm.objects.contacts.read', 'oauth'],
  });
  const [connection] = await connections(request, opened);
  expect(connection.authScheme).toBe('oauth2/authorizationCode');

  // Without the setting, there is no way to import.
  await openForm(page, { provider: 'hubspot' });
  await expect(page.getByRole('button', { name: 'Continue to HubSpot' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'I have tokens from another system' })).toHaveCount(0);
});
