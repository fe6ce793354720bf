// The form mounted in the demo host page itself (no iframe, `mount()` of the host script): it lives in a
// shadow root, styles do not cross either way, events are CustomEvents on the container, tokens come from
// getToken, sign-in popups still report back, destroy() ends everything, and axe passes in light and
// dark. The form's files come from the token-requiring dev-api, whose CORS allows the host's origin.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { authPort, hostPort } from './playwright.config';
import {
  clickAndClose,
  connectionsWithToken,
  continueTo,
  demoEvents,
  fillFreshdesk,
  freshdeskConnected,
  openDemo,
} from './helpers';

const formOrigin = `http://127.0.0.1:${authPort}`;
const hostOrigin = `http://127.0.0.1:${hostPort}`;

/** Opens the demo host page with the form mounted in it (tokens from getToken), for a fresh user, once
 * the form said it is ready. */
async function openInPage(page: Page, options: Record<string, string> = {}) {
  const opened = await openDemo(page, formOrigin, { token: '1', mode: 'page', ...options });
  return { opened, form: page.locator('#connect-form') };
}

const events = demoEvents;

test('mounted in the page: a shadow root, no iframe, and the events as CustomEvents', async ({ page, playwright }) => {
  const { opened, form } = await openInPage(page, { provider: 'freshdesk' });
  expect(await page.locator('iframe').count()).toBe(0);
  expect(await form.evaluate((element) => element.shadowRoot?.mode)).toBe('open');
  // The page listens on the container itself, as a framework's component would.
  await form.evaluate((element) => {
    (window as any).heard = [];
    for (const type of ['connect-form:error', 'connect-form:connected']) {
      element.addEventListener(type, (event) => {
        const custom = event as CustomEvent;
        (window as any).heard.push({ type: custom.type, bubbles: custom.bubbles, detail: custom.detail });
      });
    }
  });

  // An empty submit, then the form's own refusal: nothing is sent, no event.
  await form.getByRole('button', { name: 'Connect' }).click();
  await expect(form.locator('#cf-summary')).toBeFocused();
  // The summary's links focus the field in the shadow root, and leave the page's address alone.
  await form.locator('#cf-summary a').first().click();
  await expect(form.getByLabel('Domain')).toBeFocused();
  expect(new URL(page.url()).hash).toBe('');

  await fillFreshdesk(form);
  await form.getByRole('button', { name: 'Connect' }).click();
  await expect(page.locator('#status')).toHaveText(/^Connected: freshdesk/);
  const api = await playwright.request.newContext({ baseURL: formOrigin });
  const [connection] = await connectionsWithToken(api, opened);
  const connected = (await events(page)).find((e) => e.type === 'connected')!.detail;
  expect(connected).toEqual(freshdeskConnected(connection));
  const heard = await page.evaluate(() => (window as any).heard);
  expect(heard).toEqual([{ type: 'connect-form:connected', bubbles: true, detail: connected }]);
  expect(JSON.stringify(await events(page))).not.toContain('s3cret');
  expect((await events(page))[0]).toEqual({ type: 'ready', detail: {} });
});

test('styles cross neither way', async ({ page }) => {
  // The host page's own elements with the form in an iframe (which cannot touch them), then in the page.
  const look = () =>
    page.evaluate(() =>
      ['#connect-title', 'body', 'main', '.card'].map((s) => {
        const style = getComputedStyle(document.querySelector(s)!);
        return [s, style.fontFamily, style.color, style.boxSizing, style.margin, style.letterSpacing].join(' | ');
      }),
    );
  const { form } = await openInPage(page, { provider: 'freshdesk', mode: 'frame' });
  expect(await page.locator('#connect-form iframe').count()).toBe(1);
  const framed = await look();
  await page.goto(page.url().replace('mode=frame', 'mode=page'));
  await expect(page.locator('#status')).toHaveText('The form is ready.');
  await form.getByRole('button', { name: 'Connect' }).click();
  await expect(form.locator('#cf-summary')).toBeVisible();
  expect(await look()).toEqual(framed);
  // The page's serif font, heading colour, and uppercase buttons stay out of the form.
  const inside = await form.evaluate((element) => {
    const root = element.shadowRoot!;
    const style = (s: string) => getComputedStyle(root.querySelector(s)!);
    return {
      font: style('.cf-page').fontFamily,
      text: style('.cf-page').color,
      heading: style('h1').color,
      button: style('button[type=submit]').textTransform,
      input: style('input').textTransform,
    };
  });
  expect(inside.font).toMatch(/^system-ui/);
  expect(inside.heading).toBe(inside.text);
  expect(inside.heading).not.toBe('rgb(124, 45, 18)');
  expect(inside.button).toBe('none');
  expect(inside.input).toBe('none');
  // A stray class name of the form's on the page is not styled by the form.
  const outside = await page.evaluate(() => {
    const probe = document.createElement('p');
    probe.className = 'cf-summary cf-primary';
    document.body.append(probe);
    return getComputedStyle(probe).borderStyle;
  });
  expect(outside).toBe('none');
  // The page can still hide the form.
  await page.locator('#connect-form').evaluate((element) => ((element as HTMLElement).style.visibility = 'hidden'));
  await expect(form.getByRole('button', { name: 'Connect' })).toBeHidden();
});

test('a form whose files cannot load says so to the page', async ({ page }) => {
  await page.route('**/*.css', (route) => (route.request().url().startsWith(formOrigin) ? route.abort() : route.continue()));
  const params = new URLSearchParams({ form: `${formOrigin}/`, api: `${formOrigin}/v1`, mode: 'page', provider: 'freshdesk' });
  await page.goto(`${hostOrigin}/?${params}`);
  await expect.poll(async () => (await events(page)).map((e) => [e.type, e.detail.code])).toEqual([['error', 'load']]);
  await expect(page.locator('#connect-form').getByRole('button')).toHaveCount(0);
});

test('an accent set by configuration reaches the mounted form', async ({ page }) => {
  const { form } = await openInPage(page, { provider: 'freshdesk', accent: '#b42318' });
  const background = await form.getByRole('button', { name: 'Connect' }).evaluate((b) => getComputedStyle(b).backgroundColor);
  expect(background).toBe('rgb(180, 35, 24)');
});

test('signing in with the provider works in the page: the popup reports to the form', async ({ page, playwright }) => {
  const { opened, form } = await openInPage(page, { provider: 'hubspot' });
  const popup = await continueTo(form, 'Continue to HubSpot', page);
  await clickAndClose(popup, 'Approve');
  await expect(page.locator('#status')).toHaveText(/^Connected: hubspot/);
  const api = await playwright.request.newContext({ baseURL: formOrigin });
  expect(await connectionsWithToken(api, opened)).toHaveLength(1);
});

test('destroy() removes the form and ends its call; the element takes a new form', async ({ page }) => {
  const { form } = await openInPage(page, { provider: 'freshdesk' });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await fillFreshdesk(form);
  // The answer is held back until the form is gone.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/connections:generate', async (route) => {
    await held;
    await route.continue();
  });
  const sent = page.waitForRequest((r) => r.url().endsWith(':generate'));
  await form.getByRole('button', { name: 'Connect' }).click();
  await sent;
  // From here on: whatever the container hears, and every call to the API.
  await form.evaluate((element) => {
    (window as any).heard = [];
    for (const type of ['ready', 'resize', 'connected', 'error', 'cancel', 'token-request']) {
      element.addEventListener(`connect-form:${type}`, () => (window as any).heard.push(type));
    }
  });
  const calls: string[] = [];
  page.on('request', (r) => r.url().startsWith(`${formOrigin}/v1/`) && calls.push(r.url()));
  await page.evaluate(() => (window as any).connectFormDemo.form.destroy());
  await expect(page.locator('#status')).toHaveText('The form was removed.');
  expect(await form.evaluate((element) => element.shadowRoot!.childElementCount)).toBe(0);
  const answered = page.waitForResponse((r) => r.url().endsWith(':generate'));
  release();
  expect((await answered).status()).toBe(201);
  await page.waitForTimeout(2000);
  // The answer came to nothing: no event, nothing shown, and no more calls (no polling, no retry).
  expect(await page.evaluate(() => (window as any).heard)).toEqual([]);
  expect(calls).toEqual([]);
  expect(await form.evaluate((element) => element.shadowRoot!.childElementCount)).toBe(0);

  // The same element takes a new form from the host script's mount() (the demo's options, another
  // provider), and a second mount() replaces it.
  const mountIn = (provider: string) =>
    page.evaluate(async (provider) => {
      const { mount } = await import('./connect-form.js');
      const again = mount({ ...(window as any).connectFormDemo.options, provider });
      (window as any).settled ??= [];
      again.done.then((result: { status: string }) => (window as any).settled.push(`${provider}: ${result.status}`));
      await again.started;
    }, provider);
  await mountIn('gitlab');
  await expect(form.getByRole('heading', { name: 'Connect GitLab' })).toBeVisible();
  await mountIn('activeCampaign');
  await expect(form.getByRole('heading', { name: 'Connect ActiveCampaign' })).toBeVisible();
  expect(await form.evaluate((element) => element.shadowRoot!.querySelectorAll('.cf-page').length)).toBe(1);
  expect(await page.evaluate(() => (window as any).settled)).toEqual(['gitlab: destroyed']);
  await expect(form.getByLabel('Domain')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("in the page, the picker's build loads the form's part from the form's origin when a provider is picked", async ({ page }) => {
  const chunks: string[] = [];
  page.on('response', (r) => /\/split_form-[0-9a-f]{16}\.wasm$/.test(r.url()) && chunks.push(`${r.status()} ${new URL(r.url()).origin}`));
  const { form } = await openInPage(page);
  await form.getByLabel('Search providers').fill('fresh');
  expect(chunks).toEqual([]);
  await form.getByRole('button', { name: /Freshdesk/ }).click();
  await expect(form.getByRole('heading', { name: 'Connect Freshdesk' })).toBeFocused();
  expect(chunks).toEqual([`200 ${formOrigin}`]);
  await fillFreshdesk(form);
  await form.getByRole('button', { name: 'Connect' }).click();
  await expect(form.getByRole('heading', { name: 'Freshdesk is connected' })).toBeVisible();
});

test("a settings file that did not arrive is asked for again by the page's next form", async ({ page }) => {
  let failing = true;
  await page.route(`${formOrigin}/settings.json`, (route) => (failing ? route.abort('internetdisconnected') : route.continue()));
  const { form } = await openInPage(page, { provider: 'gitlab' });
  await expect(form.getByText("The deployment's settings.json could not be read.")).toBeVisible();
  failing = false;
  await page.evaluate(async () => {
    const { mount } = await import('./connect-form.js');
    await mount({ ...(window as any).connectFormDemo.options, provider: 'gitlab' }).started;
  });
  await expect(form.getByRole('heading', { name: 'Connect GitLab' })).toBeVisible();
});

for (const theme of ['light', 'dark']) {
  test(`the host page with the form in it passes axe in ${theme}`, async ({ page }) => {
    const { form } = await openInPage(page, { provider: 'freshdesk', theme });
    await form.getByRole('button', { name: 'Connect' }).click();
    await expect(form.locator('#cf-summary')).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
  });
}
