import { expect, test, type Page } from '@playwright/test';
import { api } from './support/api';

// Search as you type (issue 16): typing "mar" one letter at a time shows matching rows after every
// letter, and the page ends on the results for "mar", ranked (names starting with it first) and
// with its total, checked against the API.

const signInUrl = () => process.env.E2E_SIGN_IN_URL!;
const formatted = (n: number) => `${n.toLocaleString('en-US')} member${n === 1 ? '' : 's'}`;

async function openMembers(page: Page) {
  await page.goto(signInUrl());
  await page.getByRole('navigation').getByRole('link', { name: 'Members' }).click();
  await expect(page.getByTestId('member-row').first()).toBeVisible();
}

/** Every word the prefix `typed` can match in a row's text (name or email). */
const matches = (text: string, typed: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).some((w) => w.startsWith(typed));

test('typing "mar" letter by letter shows rows after each letter and ends on the results for "mar"', async ({ page }) => {
  await openMembers(page);
  const search = page.getByRole('searchbox', { name: 'Search members' });
  await search.click();
  let typed = '';
  for (const letter of ['m', 'a', 'r']) {
    typed += letter;
    await search.press(letter);
    // Rows for what is typed so far, before the next letter.
    await expect(page.getByTestId('member-total')).toBeVisible();
    await expect(page.getByTestId('member-ranked')).toBeVisible();
    await expect
      .poll(async () => {
        const rows = await page.getByTestId('member-row').allInnerTexts();
        return rows.length > 0 && rows.slice(0, 10).every((row) => matches(row, typed));
      })
      .toBe(true);
    await page.screenshot({ path: `test/e2e/output/member-search-${typed}.png` });
  }

  const expected = await api().members.list.query({ search: 'mar', limit: 10 });
  const exact = await api().members.count.query({ search: 'mar' });
  expect(exact.total).toBeGreaterThan(0);
  expect(expected.ranked).toBe(true);
  // The exact total (an estimate would read "about …" until members.count answers).
  await expect(page.getByTestId('member-total')).toHaveText(formatted(exact.total));
  const firstRows = (await page.getByTestId('member-row').allInnerTexts()).slice(0, 5);
  expected.items.slice(0, 5).forEach((m, i) => expect(firstRows[i]).toContain(m.name));
  // Ranked: the names starting with "mar" come first.
  expect(firstRows[0]!.toLowerCase()).toContain('mar');
  await page.screenshot({ path: 'test/e2e/output/member-search-final.png' });
});
