// Shared by the specs: opening the form for a fresh end user, and asking dev-api what it stored.
// Every test uses its own project and consumer, so tests run side by side on one dev-api, and a fault
// armed for one test's requests never hits another's.
import { createHash, randomUUID } from 'node:crypto';
import { expect, type APIRequestContext, type Frame, type Page } from '@playwright/test';
import { hostPort, port } from './playwright.config';

export const GROUP = 'acme-inc';

/** One test's identity and the query string that configures the form for it. */
export interface Opened {
  project: string;
  consumerRef: string;
  query: string;
}

export function formQuery(options: Record<string, string> = {}, origin = `http://127.0.0.1:${port}`): Opened {
  const id = randomUUID().slice(0, 8);
  const project = options.project ?? `e2e-${id}`;
  const consumerRef = options.consumerRef ?? `user-${id}`;
  const params = new URLSearchParams({
    apiBase: `${origin}/v1`,
    project,
    groupRef: GROUP,
    groupName: 'Acme Inc',
    consumerRef,
    consumerName: 'Jane Doe',
    ...options,
  });
  return { project, consumerRef, query: params.toString() };
}

/** Opens the demo host page (host/) for a fresh user, with the form and the API at `form`, and waits
 * until the form said it is ready. `options` go into the demo's address (provider, theme, token, mode…). */
export async function openDemo(page: Page, form: string, options: Record<string, string> = {}): Promise<Opened> {
  const id = randomUUID().slice(0, 8);
  const opened: Opened = { project: `host-${id}`, consumerRef: `user-${id}`, query: '' };
  const params = new URLSearchParams({
    form: `${form}/`,
    api: `${form}/v1`,
    project: opened.project,
    consumer: opened.consumerRef,
    ...options,
  });
  await page.goto(`http://127.0.0.1:${hostPort}/?${params}`);
  await expect(page.locator('#status')).toHaveText('The form is ready.');
  return opened;
}

/** What the form told the demo host page, through the host script's callbacks. */
export function demoEvents(page: Page) {
  return page.evaluate(() => (window as any).connectFormEvents as Array<{ type: string; detail: any }>);
}

/** Opens the form, served by dev-api on the same origin as the API. */
export async function openForm(page: Page, options: Record<string, string> = {}): Promise<Opened> {
  const opened = formQuery(options);
  await page.goto(`/?${opened.query}`);
  return opened;
}

export async function connections(request: APIRequestContext, opened: Opened) {
  const params = new URLSearchParams({ groupRef: GROUP, consumerRef: opened.consumerRef });
  const response = await request.get(`/v1/projects/${opened.project}/connections?${params}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as Array<Record<string, any>>;
}

export async function received(request: APIRequestContext, opened: Opened, id: string) {
  const response = await request.get(`/dev/projects/${opened.project}/connections/${id}/received`);
  expect(response.status()).toBe(200);
  return (await response.json()) as { provider: string; credential: string; values: Record<string, any> };
}

function generatePath(opened: Opened) {
  return `/projects/${opened.project}/connections:generate`;
}

/** Arms a dev-api fault for this test's next `connections:generate` requests (on the dev-api at
 * `origin`, the default server unless given). */
export async function armFault(request: APIRequestContext, opened: Opened, fault: string, times = 1, origin = '') {
  const response = await request.post(`${origin}/dev/faults`, { data: { fault, path: generatePath(opened), times } });
  expect(response.status()).toBe(201);
}

/** The documented `connected` payload for a new working Freshdesk connection (workspace "acme"), given
 * the connection as the API lists it. */
export function freshdeskConnected(connection: Record<string, any>) {
  return {
    connection: {
      id: connection.id,
      provider: 'freshdesk',
      workspace: 'acme',
      createTime: connection.createTime,
      status: 'working',
    },
    updated: false,
  };
}

/** Fills the Freshdesk form (in the page, or in the frame that embeds it). */
export async function fillFreshdesk(page: Page | Frame, password = 's3cret-password') {
  await page.getByLabel('Domain').fill('acme');
  await page.getByLabel('Username').fill('jane@acme.com');
  await page.getByLabel('Password', { exact: true }).fill(password);
}

/** Clicks Continue (or another button that starts a sign-in) and returns the popup once it shows
 * dev-api's consent page. */
export async function continueTo(page: Page | Frame, button: string, opener: Page = page as Page) {
  const popupPromise = opener.waitForEvent('popup');
  await page.getByRole('button', { name: button }).click();
  const popup = await popupPromise;
  await popup.waitForURL(/\/dev\/authorize/);
  return popup;
}

/** Clicks a button of a page that closes itself, waiting for the close (which may beat the click's return). */
export async function clickAndClose(popup: Page, button: string) {
  const closed = popup.waitForEvent('close');
  await popup.getByRole('button', { name: button }).click({ noWaitAfter: true }).catch((e) => {
    if (!popup.isClosed()) throw e;
  });
  await closed;
}

/** A token for this user from dev-api's /dev/token, the safe way: sign in as them (/dev/session, whose
 * cookie `request` keeps), then ask for a token for whoever is signed in. */
export async function mintToken(request: APIRequestContext, opened: { consumerRef: string }): Promise<string> {
  const session = await request.post('/dev/session', { data: { groupRef: GROUP, consumerRef: opened.consumerRef } });
  expect(session.status()).toBe(204);
  const minted = await request.post('/dev/token');
  expect(minted.status()).toBe(200);
  return (await minted.json()).token as string;
}

/** This user's connections on a dev-api that requires tokens: mints one for them first. */
export async function connectionsWithToken(api: APIRequestContext, opened: { project: string; consumerRef: string }) {
  const token = await mintToken(api, opened);
  const listed = await api.get(`/v1/projects/${opened.project}/connections?groupRef=${GROUP}&consumerRef=${opened.consumerRef}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(listed.status()).toBe(200);
  return (await listed.json()) as Array<Record<string, any>>;
}

/** Forgets whatever is left of this test's armed faults. */
export async function clearFaults(request: APIRequestContext, opened: Opened) {
  const response = await request.delete(`/dev/faults?path=${encodeURIComponent(generatePath(opened))}`);
  expect(response.status()).toBe(204);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Asserts the secret reached the API intact, without the API ever showing it. */
export function expectSecret(stored: any, secret: string) {
  expect(stored).toEqual({ sha256: sha256(secret), last4: secret.length >= 12 ? secret.slice(-4) : '' });
}
