// Embedding: the release build under the strict Content-Security-Policy the README documents, and the
// host's look (accent, radius) applied through configuration.
import { expect, test, type Page } from '@playwright/test';
import { port } from './playwright.config';
import { connections, fillFreshdesk, formQuery } from './helpers';

const origin = `http://127.0.0.1:${port}`;
/** The policy of the README, for a form whose API is on the same origin and a host on the same origin. */
const policy = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' https: data:",
  `connect-src 'self' ${origin}`,
  `frame-ancestors ${origin}`,
].join('; ');

/** Serves every page of the form's origin with the policy, and records violations and errors. */
async function underPolicy(page: Page) {
  await page.route(`${origin}/**`, async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    if ((headers['content-type'] ?? '').includes('text/html')) headers['content-security-policy'] = policy;
    await route.fulfill({ response, headers });
  });
  await page.addInitScript(() => {
    (window as any).violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as any).violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return errors;
}

test('the release build runs under the strict CSP with zero violations', async ({ page, request }) => {
  const errors = await underPolicy(page);
  const opened = formQuery({ accent: '#0f766e', radius: '4px' });
  await page.goto(`/?${opened.query}`);
  // The picker, a search, a form, an empty submit, then a real connection.
  await page.getByLabel('Search providers').fill('fresh');
  await page.getByRole('button', { name: /Freshdesk/ }).click();
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.locator('#cf-summary')).toBeFocused();
  await fillFreshdesk(page);
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('heading', { name: 'Freshdesk is connected' })).toBeVisible();
  expect(await connections(request, opened)).toHaveLength(1);
  // The policy really was in force: an inline script is refused.
  const inlineRan = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true';
    document.head.append(script);
    return (window as any).inlineRan === true;
  });
  expect(inlineRan).toBe(false);
  const violations: string[] = await page.evaluate(() => (window as any).violations);
  expect(violations.filter((v) => !v.endsWith(' inline'))).toEqual([]);
  expect(violations).toHaveLength(1); // the probe above, and nothing of the form's
  // (The providers' icons live on a CDN these test machines cannot reach: their load failures are not
  // the policy's doing.)
  expect(errors.filter((e) => !e.includes('Content Security Policy') && !e.includes('net::ERR_'))).toEqual([]);
});

/** The colour of a pixel of an element's screenshot, as `rgb(r, g, b)` (read in a blank page: the form's
 * own policy rightly refuses to fetch a `data:` address). */
async function pixel(page: Page, selector: string, x: number, y: number) {
  const png = await page.locator(selector).screenshot();
  const scratch = await page.context().newPage();
  return scratch.evaluate(
    async ([data, x, y]) => {
      const blob = await (await fetch(`data:image/png;base64,${data}`)).blob();
      const bitmap = await createImageBitmap(blob);
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d')!;
      context.drawImage(bitmap, 0, 0);
      const [r, g, b] = context.getImageData(x as number, y as number, 1, 1).data;
      return `rgb(${r}, ${g}, ${b})`;
    },
    [png.toString('base64'), x, y] as const,
  ).finally(() => scratch.close());
}

test('a theme override visibly changes the accent colour and the radius', async ({ page }) => {
  const plain = formQuery({ provider: 'freshdesk', theme: 'light' });
  await page.goto(`/?${plain.query}`);
  const button = page.getByRole('button', { name: 'Connect' });
  await expect(button).toBeVisible();
  expect(await pixel(page, 'form button[type=submit]', 20, 20)).toBe('rgb(37, 71, 208)');

  const themed = formQuery({ provider: 'freshdesk', theme: 'light', accent: '#E11D48', radius: '0px' });
  await page.goto(`/?${themed.query}`);
  await expect(button).toBeVisible();
  // The screenshot shows the host's accent, and square corners.
  expect(await pixel(page, 'form button[type=submit]', 20, 20)).toBe('rgb(225, 29, 72)');
  expect(await pixel(page, 'form button[type=submit]', 0, 0)).toBe('rgb(225, 29, 72)');
  await expect(button).toHaveCSS('color', 'rgb(255, 255, 255)');
  // A light accent gets dark text, for contrast.
  const light = formQuery({ provider: 'freshdesk', theme: 'light', accent: '#fde047' });
  await page.goto(`/?${light.query}`);
  await expect(button).toHaveCSS('color', 'rgb(17, 24, 39)');
});

test('an unsafe look is refused, naming the parameter', async ({ page }) => {
  const { query } = formQuery({ accent: 'red;background:url(https://evil.example/x)', parentOrigin: '*' });
  await page.goto(`/?${query}`);
  await expect(page.getByRole('heading', { name: 'This form is not set up correctly' })).toBeVisible();
  await expect(page.getByText('“accent” must be a colour such as #2547d0.')).toBeVisible();
  await expect(page.getByText('“parentOrigin” must be an absolute https:// address')).toBeVisible();
});
