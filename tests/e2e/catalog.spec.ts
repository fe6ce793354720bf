// The catalog is files beside the form, loaded a screen at a time: what the browser fetches for each
// first screen, and what the user sees when a part does not arrive.
import { expect, test, type Page } from '@playwright/test';
import { openForm } from './helpers';

/** The catalog files the page requests, by their path within the catalog's folder. */
function catalogRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const found = /\/catalog-[0-9a-f]{16}\/(.+)\.json$/.exec(new URL(request.url()).pathname);
    if (found) seen.push(found[1]);
  });
  return seen;
}

test('a page opened on one provider loads only its entry; the picker loads the index, then the picked entry', async ({ page }) => {
  const seen = catalogRequests(page);
  await openForm(page, { provider: 'freshdesk' });
  await expect(page.getByLabel('Domain')).toBeVisible();
  expect(seen).toEqual(['providers/freshdesk']);

  seen.length = 0;
  await openForm(page);
  await expect(page.locator('#cf-results-count')).toHaveText('238 providers');
  expect(seen).toEqual(['index']);
  await page.getByLabel('Search providers').fill('hubspot');
  await page.getByRole('button', { name: /HubSpot/ }).click();
  await expect(page.getByRole('heading', { name: /HubSpot/ })).toBeVisible();
  expect(seen).toEqual(['index', 'providers/hubspot']);
  // Back and the same provider again: nothing is fetched twice.
  await page.getByRole('button', { name: 'Choose another provider' }).click();
  await page.getByLabel('Search providers').fill('hubspot');
  await page.getByRole('button', { name: /HubSpot/ }).click();
  await expect(page.getByRole('heading', { name: /HubSpot/ })).toBeVisible();
  expect(seen).toEqual(['index', 'providers/hubspot']);
});

test('a picked provider whose entry does not arrive says so, and trying again works', async ({ page }) => {
  let failing = true;
  await page.route(/\/catalog-[0-9a-f]{16}\/providers\/freshdesk\.json$/, (route) =>
    failing ? route.abort('internetdisconnected') : route.continue(),
  );
  await openForm(page);
  await page.getByLabel('Search providers').fill('freshdesk');
  await page.getByRole('button', { name: /Freshdesk/ }).click();
  await expect(page.getByRole('heading', { name: 'Freshdesk did not load' })).toBeFocused();
  await expect(page.getByRole('alert')).toHaveText('Check your internet connection, then try again.');
  failing = false;
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByLabel('Domain')).toBeVisible();
  await page.getByLabel('Domain').fill('acme');
  await expect(page.getByLabel('Domain')).toHaveValue('acme');
});

test('a first screen whose part of the catalog does not arrive says so, and trying again works', async ({ page }) => {
  let failing = true;
  await page.route(/\/catalog-[0-9a-f]{16}\/index\.json$/, (route) =>
    failing ? route.fulfill({ status: 503, body: 'busy' }) : route.continue(),
  );
  await openForm(page);
  await expect(page.getByRole('heading', { name: 'The list of providers did not load' })).toBeVisible();
  failing = false;
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.locator('#cf-results-count')).toHaveText('238 providers');

  // A link naming a provider the catalog does not have is a configuration problem, not a failure.
  await openForm(page, { provider: 'noSuchProvider' });
  await expect(page.getByText('“provider” names “noSuchProvider”, which is not in the provider catalog.')).toBeVisible();
});

test('the picker shows a page of results at a time, and a search starts again from the first', async ({ page }) => {
  await openForm(page);
  const rows = page.locator('#cf-results li');
  await expect(page.locator('#cf-results-count')).toHaveText('238 providers');
  await expect(rows).toHaveCount(30);
  const more = page.getByRole('button', { name: 'Show 30 more (208 not shown)' });
  await more.click();
  await expect(rows).toHaveCount(60);
  // The keyboard goes on from the first new row.
  await expect(rows.nth(30).getByRole('button')).toBeFocused();
  await page.keyboard.press('End');
  await expect(rows.nth(59).getByRole('button')).toBeFocused();
  for (let shown = 90; shown <= 210; shown += 30) {
    await page.getByRole('button', { name: /^Show 30 more/ }).click();
    await expect(rows).toHaveCount(shown);
  }
  await page.getByRole('button', { name: 'Show 28 more (28 not shown)' }).click();
  await expect(rows).toHaveCount(238);
  await expect(page.locator('.cf-more')).toHaveCount(0);
  // A search shows its first page; each row opens its own provider.
  await page.getByLabel('Search providers').fill('s');
  await expect(rows).toHaveCount(30);
  await page.getByLabel('Search providers').fill('zendesk sup');
  await expect(rows).toHaveCount(1);
  await expect(page.locator('.cf-more')).toHaveCount(0);
  await rows.getByRole('button').click();
  await expect(page.getByRole('heading', { name: 'Connect Zendesk Support' })).toBeVisible();
});

test("the form's part of the app, loaded on pick: when it does not arrive, nothing typed is lost and trying again works", async ({ page }) => {
  let failing = true;
  const chunk = /\/split_form-[0-9a-f]{16}\.wasm$/;
  await page.route(chunk, (route) => (failing ? route.abort('internetdisconnected') : route.continue()));
  const fetched: string[] = [];
  page.on('request', (request) => {
    if (chunk.test(request.url())) fetched.push(request.url());
  });
  await openForm(page);
  // The picker does not load the form's part.
  await expect(page.locator('#cf-results-count')).toHaveText('238 providers');
  expect(fetched).toEqual([]);
  const search = page.getByLabel('Search providers');
  await search.fill('fresh');
  await page.getByRole('button', { name: /Freshdesk/ }).click();
  await expect(page.getByRole('heading', { name: 'Freshdesk did not load' })).toBeFocused();
  await expect(page.getByRole('alert')).toHaveText('Check your internet connection, then try again.');
  expect(fetched).toHaveLength(1);
  // Back to the picker: the search is as the user left it.
  await page.getByRole('button', { name: 'Choose another provider' }).click();
  await expect(search).toHaveValue('fresh');
  await page.getByRole('button', { name: /Freshdesk/ }).click();
  await expect(page.getByRole('heading', { name: 'Freshdesk did not load' })).toBeVisible();
  failing = false;
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { name: 'Connect Freshdesk' })).toBeFocused();
  await page.getByLabel('Domain').fill('acme');
  await page.getByRole('button', { name: 'Choose another provider' }).click();
  await expect(search).toHaveValue('fresh');
  // Loaded once, it stays: another provider's form needs no new download.
  await page.getByLabel('Search providers').fill('hubspot');
  await page.getByRole('button', { name: /HubSpot/ }).click();
  await expect(page.getByRole('heading', { name: /HubSpot/ })).toBeVisible();
  expect(fetched).toHaveLength(3);
});
