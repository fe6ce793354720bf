// The demo host page ("Acme settings → Integrations", host/) embedding the release build with the host
// script: ready, resizing with no inner scrollbar, posting only to parentOrigin, and axe in light and dark.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Frame, type Page } from '@playwright/test';
import { hostPort, port } from './playwright.config';
import { type Opened } from './helpers';
import { randomUUID } from 'node:crypto';

const formOrigin = `http://127.0.0.1:${port}`;
const hostOrigin = `http://127.0.0.1:${hostPort}`;

/** Opens the demo host page for a fresh user; returns the form's frame once the form said it is ready. */
async function openDemo(page: Page, options: Record<string, string> = {}, form = formOrigin) {
  const id = randomUUID().slice(0, 8);
  const opened: Opened = { project: `host-${id}`, consumerRef: `user-${id}`, query: '' };
  const params = new URLSearchParams({
    form: `${form}/`,
    api: `${form}/v1`,
    project: opened.project,
    consumer: opened.consumerRef,
    ...options,
  });
  await page.goto(`${hostOrigin}/?${params}`);
  await expect(page.locator('#status')).toHaveText('The form is ready.');
  const frame = page.frame({ url: (u) => u.href.startsWith(`${form}/`) })!;
  return { opened, frame };
}

const events = (page: Page) => page.evaluate(() => (window as any).connectFormEvents as Array<{ type: string; detail: any }>);

async function fillFreshdesk(frame: Frame) {
  await frame.getByLabel('Domain').fill('acme');
  await frame.getByLabel('Username').fill('jane@acme.com');
  await frame.getByLabel('Password', { exact: true }).fill('s3cret-password');
}

test('the iframe resizes as fields appear and disappear, with no inner scrollbar', async ({ page }) => {
  const { frame } = await openDemo(page, { provider: 'freshdesk' });
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
  expect((await events(page))[0]).toEqual({ type: 'ready', detail: {} });
});

test('the form posts only to parentOrigin, never to *', async ({ page }) => {
  // A page that embeds the form while claiming another origin as parentOrigin hears nothing: had the
  // form posted to '*', these messages would arrive.
  await page.goto(`${hostOrigin}/demo.css`);
  const received = await page.evaluate(async (src) => {
    const messages: unknown[] = [];
    window.addEventListener('message', (e) => messages.push(e.data));
    for (const parentOrigin of ['https://other.example', '']) {
      const frame = document.createElement('iframe');
      const url = new URL(src);
      if (parentOrigin) url.searchParams.set('parentOrigin', parentOrigin);
      frame.src = url.href;
      document.body.append(frame);
      await new Promise((resolve) => frame.addEventListener('load', resolve));
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return messages;
  }, `${formOrigin}/?apiBase=${encodeURIComponent(`${formOrigin}/v1`)}&project=p&groupRef=g&consumerRef=c&provider=freshdesk`);
  expect(received).toEqual([]);
});

for (const theme of ['light', 'dark']) {
  test(`the demo host page and the form pass axe in ${theme}`, async ({ page }) => {
    const { frame } = await openDemo(page, { provider: 'freshdesk', theme });
    await frame.getByRole('button', { name: 'Connect' }).click();
    await expect(frame.locator('#cf-summary')).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
  });
}

