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
