// axe audits: zero violations on the picker and on each kind of form, before and after errors, in
// light and dark.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openForm } from './helpers';

async function audit(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, what).toEqual([]);
}

for (const theme of ['light', 'dark']) {
  test(`the picker (${theme})`, async ({ page }) => {
    await openForm(page, { theme });
    await expect(page.locator('#cf-results-count')).toHaveText('238 providers');
    await audit(page, `picker ${theme}`);
  });
}

// Every form with inputs shows the error summary on an empty submit; the unsupported one has no form.
for (const [provider, kind, submits] of [
  ['activeCampaign', 'API key', true],
  ['freshdesk', 'basic', true],
  ['gitlab', 'custom', true],
  ['adobe', 'client credentials', true],
  ['sugarCRM', 'password grant', true],
  ['zendeskSupport', 'sign in with the provider', true],
  ['redtail', 'multi-step', true],
  ['snowflake', 'unsupported', false],
] as const) {
  test(`the ${kind} form (${provider})`, async ({ page }) => {
    await openForm(page, { provider });
    await expect(page.locator('#cf-form-title')).toBeVisible();
    await audit(page, `${provider} form`);
    const submit = page.locator('form button[type=submit]');
    await expect(submit).toHaveCount(submits ? 1 : 0);
    if (submits) {
      await submit.click();
      await expect(page.locator('#cf-summary')).toBeFocused();
      await audit(page, `${provider} form with errors`);
    }
  });
}

test('a form in dark mode with errors and a note', async ({ page }) => {
  await openForm(page, { provider: 'freshdesk', theme: 'dark' });
  await page.getByLabel('Domain').fill('https://acme.freshdesk.com/a');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.locator('#cf-summary')).toBeFocused();
  await expect(page.getByText('We used “acme” from the address you pasted.')).toBeVisible();
  await audit(page, 'freshdesk dark with errors');
});
