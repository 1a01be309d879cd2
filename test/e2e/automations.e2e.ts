import { expect, test, type Page } from '@playwright/test';
import { api } from './support/api';

// The Automations page as an owner uses it, in Chromium against `tenant-console serve`: switch on
// the built-in welcome flow, a member joins through the API (an accepted invite), and the run shows
// up with each step's log; then the step editor.

const signInUrl = () => process.env.E2E_SIGN_IN_URL!;
async function shot(page: Page, name: string) {
  await page.waitForTimeout(300); // let panels finish opening
  await page.screenshot({ path: `test/e2e/output/automations-${name}.png`, fullPage: false });
}

test('enable the welcome flow, a member joins, the run and its log show', async ({ page }) => {
  await page.goto(signInUrl());
  await page.getByRole('navigation').getByRole('link', { name: 'Automations' }).click();
  const welcome = page.getByTestId('automation-welcome');
  await expect(welcome).toContainText('Welcome new members');
  await expect(welcome).toContainText('When: A member joins');
  await shot(page, '01-list');

  const toggle = welcome.getByRole('button', { name: /^Turn (on|off)$/ });
  if ((await toggle.textContent()) === 'Turn on') await toggle.click();
  await expect(welcome.getByRole('button', { name: 'Turn off' })).toBeVisible();
  await expect(welcome).toContainText('On');

  const email = `welcome-${Date.now()}@e2e.test`;
  const invite = await api().members.invite.mutate({ email, name: 'Wendy Welcome' });
  const accepted = await api().members.acceptInvite.mutate({ token: invite.token });

  await welcome.getByRole('button', { name: 'See runs' }).click();
  const row = welcome.getByRole('row').filter({ hasText: 'Wendy Welcome' });
  await expect(row).toBeVisible();
  // The run's steps went through (the notify step may still be running for a moment).
  const runs = await api().automations.runs.query({ userId: accepted.userId });
  expect(runs.items.map((r) => r.automationName)).toContain('Welcome new members');
  await row.getByRole('button', { name: 'Log' }).click();
  await expect(welcome).toContainText('handed to the mail queue');
  await shot(page, '02-run-log');

  await welcome.getByRole('button', { name: 'Edit steps' }).click();
  await expect(welcome.getByRole('form', { name: 'Steps of Welcome new members' })).toBeVisible();
  await expect(welcome.getByTestId('step-3')).toContainText('Notify admins');
  await shot(page, '03-step-editor');

  // The member's own run log, in their drawer on the Members page.
  await page.getByRole('navigation').getByRole('link', { name: 'Members' }).click();
  await page.getByLabel('Search members').fill(email);
  await page.getByTestId('member-row').first().click();
  const drawer = page.getByTestId('member-drawer');
  await drawer.getByRole('heading', { name: 'Automations' }).scrollIntoViewIfNeeded();
  await expect(drawer.getByRole('row').filter({ hasText: 'Welcome new members' })).toContainText('Completed');
  await shot(page, '04-member-drawer');
});
