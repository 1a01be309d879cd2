import { expect, test, type Page } from '@playwright/test';
import { api } from './support/api';

// The packages page in Chromium against the headless console: create a package with a sale in the
// editor, find it on the public pricing endpoint with the seed's fields, and on the pricing preview
// with the regular price struck through. Expected values come from the API, not from the page.

const base = () => process.env.E2E_BASE_URL!;
const signInUrl = () => process.env.E2E_SIGN_IN_URL!;
const shot = (page: Page, name: string) => page.screenshot({ path: `test/e2e/output/${name}.png`, fullPage: false });

const DAY = 86_400_000;
const utcDay = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);

/** The seed's GET /public/packages fields (docs: Subscription Packages). */
const SEED_FIELDS = [
  'id', 'name', 'description', 'price', 'interval', 'currency', 'maxUsers', 'maxAiPosts', 'displayFeatures',
  'salePrice', 'saleStartsAt', 'saleEndsAt', 'variantId', 'isActive', 'isPopular',
];

/** The slug of the tenant the sign-in link's token is for. */
async function signedInSlug(): Promise<string> {
  const me = await api().users.getCurrentUser.query();
  const tenant = (await api().tenants.list.query()).find((t) => t.id === me.tenantId);
  expect(tenant, 'the signed-in tenant is in tenants.list').toBeTruthy();
  return tenant!.slug;
}

async function openPackages(page: Page) {
  await page.goto(signInUrl());
  await page.getByRole('navigation').getByRole('link', { name: 'Packages' }).click();
  await expect(page.getByRole('heading', { name: 'Packages', level: 1 })).toBeVisible();
  await expect(page.getByTestId('package-row').first()).toBeVisible();
}

test('packages: create a package with a sale, see it on the public endpoint and the pricing preview', async ({ page }) => {
  const slug = await signedInSlug();
  const name = `Creator ${Date.now().toString(36)}`;
  const start = utcDay(-1);
  const lastDay = utcDay(7);

  await openPackages(page);
  const admin = await api().packages.list.query();
  await expect(page.getByTestId('package-row')).toHaveCount(admin.length);
  await shot(page, 'packages-page');

  // The editor: a drawer with the name field focused.
  await page.getByRole('button', { name: 'New package' }).click();
  const editor = page.getByRole('dialog');
  await expect(editor).toBeVisible();
  await expect(editor).toHaveAccessibleName('Untitled package');
  await expect(editor.getByLabel('Name')).toBeFocused();
  await editor.getByLabel('Name').fill(name);
  await expect(editor).toHaveAccessibleName(name);
  await editor.getByLabel('Description').fill('For creators who post every day.');
  await editor.getByLabel('Price (USD)', { exact: true }).fill('49');
  await editor.getByLabel('Team members').fill('3');
  await editor.getByLabel('AI posts / month').fill('200');
  await editor.getByLabel('Social accounts').fill('6');
  await editor.getByLabel('Active campaigns').fill('2');
  const featureInput = editor.getByLabel('Features on the pricing card');
  for (const feature of ['200 AI posts a month', '6 social accounts', 'Creator circle']) {
    await featureInput.fill(feature);
    await featureInput.press('Enter');
  }
  await expect(editor.getByRole('list', { name: 'Features' }).getByRole('listitem')).toHaveCount(3);
  await editor.getByRole('button', { name: 'Move "Creator circle" up' }).click();
  await expect(editor.getByRole('list', { name: 'Features' }).getByRole('listitem').nth(1)).toContainText('Creator circle');

  // A sale price above the price is refused inline, in the shared schema's words, once the field is left.
  const salePrice = editor.getByLabel('Sale price (USD)');
  await salePrice.fill('59');
  await expect(editor.getByTestId('error-salePrice')).toHaveCount(0);
  await salePrice.blur();
  await expect(editor.getByTestId('error-salePrice')).toHaveText(/must be below price/i);
  await expect(salePrice).toHaveAttribute('aria-invalid', 'true');
  await editor.getByLabel('Start date').fill(start);
  await editor.getByLabel('Last day').fill(lastDay);
  await expect(editor.getByText('The sale runs from 00:00 UTC on the start date through the last day')).toBeVisible();
  await editor.getByText('The sale runs from').scrollIntoViewIfNeeded();
  await editor.locator('.editor-body').evaluate((el) => el.scrollBy(0, 160));
  await shot(page, 'packages-editor');

  // Saving is refused while the form is invalid, and focus goes to the field to fix.
  await editor.getByRole('button', { name: 'Create package' }).click();
  await expect(salePrice).toBeFocused();
  await salePrice.fill('39');
  await expect(editor.getByTestId('error-salePrice')).toHaveCount(0);
  await editor.getByRole('button', { name: 'Create package' }).click();
  await expect(editor).toBeHidden();
  await expect(page.getByTestId('package-notice')).toContainText(`${name} was created`);
  await expect(page.getByTestId('package-row').filter({ hasText: name })).toBeVisible();

  // The public pricing endpoint has it, in the seed's shape, with the sale window the editor promised.
  const res = await fetch(`${base()}/public/packages?tenant=${encodeURIComponent(slug)}`);
  expect(res.status).toBe(200);
  const published = ((await res.json()) as Record<string, unknown>[]).find((p) => p.name === name);
  expect(published, 'the new package is on the public list').toBeTruthy();
  for (const field of SEED_FIELDS) expect(published, `public package has ${field}`).toHaveProperty(field);
  expect(published).toMatchObject({
    description: 'For creators who post every day.',
    price: 49,
    interval: 'month',
    currency: 'USD',
    maxUsers: 3,
    maxAiPosts: 200,
    displayFeatures: ['200 AI posts a month', 'Creator circle', '6 social accounts'],
    salePrice: 39,
    saleStartsAt: `${start}T00:00:00.000Z`,
    saleEndsAt: `${utcDay(8)}T00:00:00.000Z`,
    isActive: true,
    isPopular: false,
    saleState: 'active',
    effectivePrice: 39,
  });

  // The pricing preview: sale price, regular price struck through, features and limits.
  const preview = page.getByTestId('pricing-preview');
  const card = preview.getByTestId('price-card').filter({ has: page.getByRole('heading', { name }) });
  await card.scrollIntoViewIfNeeded();
  await expect(card.getByTestId('effective-price')).toHaveText('$39');
  const regular = card.getByTestId('regular-price');
  await expect(regular).toHaveText(/\$49/);
  expect(await regular.evaluate((el) => el.tagName)).toBe('S');
  await expect(regular).toHaveCSS('text-decoration-line', 'line-through');
  await expect(card).toContainText('Creator circle');
  await expect(card).toContainText('team members');
  await page.getByRole('heading', { name: 'Pricing preview' }).scrollIntoViewIfNeeded();
  await shot(page, 'packages-preview');
});

test('packages: what-if pricing and deleting a package', async ({ page }) => {
  const doomed = `Short-lived ${Date.now().toString(36)}`;
  await api().packages.upsert.mutate({ name: doomed, price: 5, isActive: false });
  await openPackages(page);

  // What-if: a new price for the package with the most subscribers, moving everyone, computed by the server.
  const listed = await api().packages.list.query();
  const projections = await Promise.all(
    listed.map(async (p) => ({ p, r: await api().packages.whatIf.query({ packageId: p.id, newPrice: 99, mode: 'move' }) })),
  );
  const { p: busiest, r: expected } = projections.sort((a, b) => b.r.subscribers.total - a.r.subscribers.total)[0]!;
  expect(expected.subscribers.total).toBeGreaterThan(0);
  const money = (n: number) => `${n < 0 ? '-' : ''}$${Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

  const panel = page.getByRole('region', { name: 'What-if pricing' });
  await panel.scrollIntoViewIfNeeded();
  await panel.getByLabel('Package').selectOption(busiest.id);
  await panel.getByLabel(/New price/).fill('99');
  await panel.getByRole('radio', { name: 'Move everyone' }).click();
  await expect(panel.getByTestId('what-if-result')).not.toHaveAttribute('aria-busy');
  await expect(panel.getByTestId('what-if-current')).toHaveText(money(expected.current.mrr));
  await expect(panel.getByTestId('what-if-projected')).toHaveText(money(expected.proposed.mrr));
  await expect(panel.getByTestId('what-if-change')).toContainText(`${expected.mrrDelta > 0 ? '+' : ''}${money(expected.mrrDelta)}`);
  await expect(panel).toContainText(`Counted on ${expected.subscribers.total.toLocaleString('en-US')} subscriber`);
  await shot(page, 'packages-what-if');

  // Grandfathering keeps today's MRR.
  await panel.getByRole('radio', { name: 'Grandfather existing subscribers' }).click();
  await expect(panel.getByTestId('what-if-result')).toContainText('Existing subscribers keep what they pay today');
  await expect(panel.getByTestId('what-if-projected')).toHaveText(money(expected.current.mrr));

  // Escape with unsaved changes asks first; discarding leaves the page usable, focus back on Edit.
  const row = page.getByTestId('package-row').filter({ hasText: doomed });
  await row.getByRole('button', { name: `Edit ${doomed}` }).click();
  const editor = page.getByRole('dialog');
  await editor.getByLabel('Name').fill(`${doomed} renamed`);
  await page.keyboard.press('Escape');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Keep editing' }).click();
  await expect(editor.getByLabel('Name')).toHaveValue(`${doomed} renamed`);
  await page.keyboard.press('Escape');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Discard changes' }).click();
  await expect(editor).toBeHidden();
  await expect(row.getByRole('button', { name: `Edit ${doomed}` })).toBeFocused();

  // Deleting asks first and warns about subscribers; the outcome is reported.
  await row.getByRole('button', { name: `Delete ${doomed}` }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('Nobody subscribes to it now');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Delete package' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('package-notice')).toContainText(`${doomed} was deleted`);
  await expect(row).toHaveCount(0);
});
