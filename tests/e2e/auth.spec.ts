// With a token endpoint: the form fetches a short-lived token, sends it, and renews it on a 401.
import { expect, test } from '@playwright/test';
import { authPort } from './playwright.config';
import { GROUP, armFault, connectionsWithToken, formQuery } from './helpers';

const origin = `http://127.0.0.1:${authPort}`;

test('a token from tokenUrl authorizes the request, and a 401 fetches a new one', async ({ page, playwright }) => {
  const api = await playwright.request.newContext({ baseURL: origin });
  const opened = formQuery({ provider: 'gitlab', tokenUrl: `${origin}/dev/token` }, origin);
  const authorizations: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('connections:generate')) authorizations.push(r.headers()['authorization'] ?? '');
  });
  const tokens: string[] = [];
  page.on('request', (r) => r.url().endsWith('/dev/token') && tokens.push(r.method()));
  // The product's login, stood in for: tokenUrl mints only for the signed-in user (page.request shares
  // the page's cookies).
  const session = await page.request.post(`${origin}/dev/session`, { data: { groupRef: GROUP, consumerRef: opened.consumerRef } });
  expect(session.status()).toBe(204);
  await page.goto(`${origin}/?${opened.query}`);
  await page.getByLabel('Access Token', { exact: true }).fill('glpat-0123456789abcdef');
  // The first answer is a 401, as when a token has been revoked: the form asks for a new one once.
  await armFault(api, opened, 'status=401');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('heading', { name: 'GitLab is connected' })).toBeVisible();
  expect(tokens).toEqual(['POST', 'POST']);
  expect(authorizations).toHaveLength(2);
  expect(authorizations.every((a) => /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(a))).toBe(true);
  expect(await connectionsWithToken(api, opened)).toHaveLength(1);
});

test('without a token the API refuses, and the form says so plainly', async ({ page }) => {
  const { query } = formQuery({ provider: 'gitlab' }, origin);
  await page.goto(`${origin}/?${query}`);
  await page.getByLabel('Access Token', { exact: true }).fill('glpat-0123456789abcdef');
  const answer = page.waitForResponse((r) => r.url().includes('connections:generate'));
  await page.getByRole('button', { name: 'Connect' }).click();
  const response = await answer;
  expect(response.status()).toBe(401);
  expect(response.request().headers()['authorization']).toBeUndefined();
  const summary = page.locator('#cf-summary');
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('The connection could not be made');
  // The API's own explanation reaches the user.
  await expect(summary).toContainText('This endpoint needs Authorization: Bearer <token>.');
  await expect(summary).toContainText('Get a token for the groupRef and consumerRef from POST /dev/token.');
  await expect(page.getByLabel('Access Token', { exact: true })).toHaveValue('glpat-0123456789abcdef');
});
