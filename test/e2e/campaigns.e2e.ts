import { expect, test, type Page } from '@playwright/test';
import { startOwnConsole, type OwnConsole } from './support/own-console';
import { startSmtpFake, type SmtpFake } from '../fakes/smtp';
import { api } from './support/api';

// Campaigns in Chromium at 1024 px, on a console of its own mailing the local SMTP fake: write a
// campaign with the network off (the draft stays on this computer, survives the tab closing, and
// syncs when the network is back), preview it as a member at desktop and phone widths, send a
// test, send it to a saved segment and watch the progress and the numbers arrive.

const shot = (page: Page, name: string) => page.screenshot({ path: `test/e2e/output/${name}.png`, fullPage: true });

let smtp: SmtpFake;
let own: OwnConsole;
let baseUrl: string;
let ownerToken: string;
let segment: { id: string; name: string };
let segmentCount: number;

test.use({ viewport: { width: 1024, height: 768 } });

test.beforeAll(async () => {
  smtp = await startSmtpFake();
  own = await startOwnConsole({ name: 'campaigns', members: 60, tenant: 'acme', env: { SMTP_URL: smtp.url, MAIL_FROM: 'Founders Club <hello@club.example>', PUBLIC_URL: '', ABLY_API_KEY: '' } });
  ({ baseUrl, ownerToken } = own);
  const client = api(ownerToken, baseUrl);
  segment = await client.segments.create.mutate({ name: 'Paying members', filter: { tier: 'paid' } });
  segmentCount = (await client.campaigns.audienceCount.query({ audience: segment.id })).count;
});

test.afterAll(async () => {
  await own?.stop();
  await smtp?.close();
});

// The tests share the console and run in order: the second sends the campaign the first wrote.
test.describe.configure({ mode: 'serial' });
let campaignId: string;

test('campaigns: write with the network off, it syncs when back; preview as a member; send a test', async ({ context, page }) => {
  test.setTimeout(120_000);
  expect(segmentCount).toBeGreaterThan(0);
  await page.goto(`${baseUrl}/#token=${ownerToken}`);
  await page.getByRole('navigation').getByRole('link', { name: 'Campaigns' }).click();
  await expect(page.getByRole('heading', { name: 'Campaigns', level: 1 })).toBeVisible();

  // --- Offline: the draft is written on this computer and says so.
  await context.setOffline(true);
  await page.getByRole('button', { name: 'New campaign' }).click();
  await page.getByLabel('Subject').fill('Spring meetup in Lisbon');
  const body = page.getByRole('textbox', { name: 'Email body' });
  await body.click();
  await page.keyboard.type('Hi ');
  await page.getByLabel('Insert a personal field').selectOption({ label: 'First name (or "there")' });
  await page.keyboard.type(', we are meeting on the 14th. Bring a friend!');
  await page.getByRole('button', { name: 'Heading 2' }).click();
  await expect(page.getByTestId('draft-status')).toHaveText(/Offline: saved on this computer/, { timeout: 10_000 });
  const readLocal = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tc:campaign-draft:')).map((k) => JSON.parse(localStorage.getItem(k)!) as { subject: string; content: string; campaignId: string | null }));
  // The last edits reach storage within 0.4 s of typing (throttled): wait for them, not a fixed time.
  await expect.poll(async () => (await readLocal())[0]?.content ?? '').toContain('Bring a friend');
  const local = await readLocal();
  expect(local).toHaveLength(1);
  expect(local[0]).toMatchObject({ subject: 'Spring meetup in Lisbon', campaignId: null });
  expect(local[0]!.content).toContain('{{member.firstName|there}}');
  await shot(page, 'campaigns-01-offline-draft');

  // The tab closes while offline: nothing reached the core, the text is still on this computer.
  await page.close();
  expect((await api(ownerToken, baseUrl).campaigns.list.query()).items).toHaveLength(0);
  await context.setOffline(false);
  const page2 = await context.newPage();
  await page2.goto(`${baseUrl}/#token=${ownerToken}`);
  await page2.getByRole('navigation').getByRole('link', { name: 'Campaigns' }).click();
  await expect(page2.getByRole('heading', { name: 'Saved on this computer only' })).toBeVisible();
  await shot(page2, 'campaigns-02-list-local-draft');
  await page2.getByRole('link', { name: 'Spring meetup in Lisbon' }).click();
  await expect(page2.getByTestId('draft-status')).toHaveText('All changes saved', { timeout: 15_000 });
  const saved = (await api(ownerToken, baseUrl).campaigns.list.query()).items;
  expect(saved.map((c) => c.subject)).toEqual(['Spring meetup in Lisbon']);
  campaignId = saved[0]!.id;
  await expect(page2).toHaveURL(new RegExp(`#/campaigns/${campaignId}$`));

  // --- Audience: a saved segment, with its count before sending.
  await page2.getByLabel('Send to').selectOption({ label: segment.name });
  await expect(page2.getByTestId('audience-count')).toHaveText(`${segmentCount} member${segmentCount === 1 ? '' : 's'} will get it now.`);

  // --- Preview as a chosen member, desktop then phone.
  const members = await api(ownerToken, baseUrl).members.list.query({ limit: 5 });
  const member = members.items[0]!;
  await page2.getByRole('button', { name: 'Preview' }).click();
  const dialog = page2.getByRole('dialog', { name: 'Preview' });
  await dialog.getByLabel('Find a member').fill(member.email);
  await dialog.getByLabel('Preview as').selectOption({ value: member.userId });
  const firstName = member.name.split(' ')[0]!;
  const frame = page2.frameLocator('iframe[title^="Email preview"]');
  await expect(frame.locator('body')).toContainText(`Hi ${firstName}, we are meeting on the 14th`);
  await expect(dialog.getByTestId('preview-subject')).toHaveText('Spring meetup in Lisbon');
  await shot(page2, 'campaigns-03-preview-desktop');
  await dialog.getByRole('radio', { name: 'Phone' }).click();
  await expect(page2.locator('iframe[title="Email preview at phone width"]')).toHaveCSS('width', '375px');
  await shot(page2, 'campaigns-04-preview-phone');
  // The frame is sandboxed: nothing in it runs.
  expect(await page2.locator('iframe[title^="Email preview"]').getAttribute('sandbox')).toBe('');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // --- Test send.
  const before = smtp.received.length;
  await page2.getByLabel('Send a test to').fill('owner@club.example');
  await page2.getByRole('button', { name: 'Send test' }).click();
  await expect(page2.locator('.campaign-ok')).toBeVisible({ timeout: 15_000 });
  const test1 = await smtp.nextMessage(before);
  expect(test1.subject).toBe('[Test] Spring meetup in Lisbon');
  expect(test1.to && 'text' in test1.to ? test1.to.text : '').toContain('owner@club.example');

  await page2.close();
});

test('campaigns: send to a saved segment, watch the progress and the numbers arrive', async ({ page }) => {
  test.setTimeout(120_000);
  const page2 = page;
  await page2.goto(`${baseUrl}/#token=${ownerToken}`);
  await page2.getByRole('navigation').getByRole('link', { name: 'Campaigns' }).click();
  await page2.getByRole('link', { name: 'Spring meetup in Lisbon' }).click();
  await expect(page2.getByLabel('Send to')).toHaveValue(segment.id);

  // --- Send to the segment and watch progress, pushed by the core.
  const beforeSend = smtp.received.length;
  await page2.getByRole('button', { name: 'Send now…' }).click();
  const confirm = page2.getByRole('alertdialog', { name: 'Send this campaign now?' });
  await expect(confirm).toContainText(`${segmentCount} member`);
  await confirm.getByRole('button', { name: 'Send now' }).click();
  await expect(page2.getByRole('heading', { name: /Progress|Results/ })).toBeVisible({ timeout: 15_000 });
  await shot(page2, 'campaigns-05-sending');
  await expect(page2.getByTestId('campaign-progress-text')).toHaveText(`${segmentCount} of ${segmentCount} recipient${segmentCount === 1 ? '' : 's'} done`, { timeout: 60_000 });
  await expect(page2.locator('.campaign-editor-header').getByText('Sent', { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(page2.locator('[data-stat="sent"] dd').first()).toHaveText(String(segmentCount));
  await smtp.waitForReceived(beforeSend + segmentCount);
  expect(smtp.received.length).toBe(beforeSend + segmentCount);
  // Nobody got two.
  const addresses = smtp.received.slice(beforeSend).flatMap((m) => m.to.map((t) => t.toLowerCase()));
  expect(new Set(addresses).size).toBe(segmentCount);
  await shot(page2, 'campaigns-06-sent');

  // --- Recipients, filtered by status.
  await page2.getByLabel('Show').selectOption({ label: 'Sent' });
  await expect(page2.locator('.campaign-recipient-table tbody tr')).toHaveCount(Math.min(segmentCount, 50));
  await page2.getByLabel('Show').selectOption({ label: 'Failed' });
  await expect(page2.getByText('No failures.')).toBeVisible();

  // --- The list shows it with its numbers.
  await page2.getByRole('link', { name: '← Campaigns' }).click();
  const row = page2.locator(`[data-campaign-id="${campaignId}"]`);
  await expect(row).toContainText('Sent');
  await expect(row).toContainText(segment.name);
  await shot(page2, 'campaigns-07-list');
  // 1024 px wide: nothing runs off the side.
  expect(await page2.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
});

test('campaigns: pause, resume, a refused address, resend to failed, cancel and delete', async ({ page }) => {
  test.setTimeout(120_000);
  const client = api(ownerToken, baseUrl);
  const members = await client.members.list.query({ limit: 3 });
  const refused = members.items[1]!.email.toLowerCase();
  // Slow enough to act during the send; one address the mail server refuses for good.
  smtp.setBehaviour((to) => (to === refused ? { kind: 'reply', code: 550, message: 'No such user here' } : { kind: 'accept', delayMs: 150 }));
  await client.campaigns.create.mutate({ subject: 'December digest', content: '<p>Hello {{member.name}}</p>', audience: 'all_members', scheduledAt: null });

  await page.goto(`${baseUrl}/#token=${ownerToken}`);
  await page.getByRole('navigation').getByRole('link', { name: 'Campaigns' }).click();
  await page.getByRole('link', { name: 'December digest' }).click();
  const header = page.locator('.campaign-editor-header');
  await expect(header.getByText('Sending', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(header.getByText('Paused', { exact: true })).toBeVisible();
  await expect(page.getByText('You paused it: nothing more goes out until you resume.')).toBeVisible();
  const pausedAt = smtp.received.length;
  await shot(page, 'campaigns-08-paused');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(header.getByText(/^(Sending|Sent)$/)).toBeVisible();
  await expect(header.getByText('Sent', { exact: true })).toBeVisible({ timeout: 60_000 });
  expect(smtp.received.length).toBeGreaterThan(pausedAt);
  await expect(page.locator('[data-stat="failed"] dd').first()).toHaveText('1');

  // The refused address, in the table with the server's words; sending again skips it (suppressed).
  await page.getByLabel('Show').selectOption({ label: 'Failed' });
  await expect(page.locator('.campaign-recipient-table tbody tr')).toHaveCount(1);
  await expect(page.locator('.campaign-recipient-table')).toContainText('No such user here');
  await shot(page, 'campaigns-09-failed');
  await page.getByRole('button', { name: 'Resend to failed or unconfirmed…' }).click();
  await page.getByRole('dialog', { name: 'Send again' }).getByRole('button', { name: 'Send again' }).click();
  await expect(page.getByText('Nobody to send to again: they unsubscribed or their address bounced.')).toBeVisible();
  expect(smtp.attempts.get(refused)).toBe(1);

  // Another send, canceled while it goes, then deleted.
  const second = await client.campaigns.create.mutate({ subject: 'Canceled news', content: '<p>Soon</p>', audience: 'all_members', scheduledAt: null });
  await page.goto(`${baseUrl}/#/campaigns/${second.id}`);
  await page.getByRole('button', { name: 'Cancel sending…' }).click();
  await page.getByRole('alertdialog', { name: 'Cancel this campaign?' }).getByRole('button', { name: 'Cancel sending' }).click();
  await expect(header.getByText('Canceled', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('alertdialog', { name: 'Delete this campaign?' }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('heading', { name: 'Campaigns', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Canceled news' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'December digest' })).toBeVisible();
  expect((await client.campaigns.list.query()).items.map((c) => c.id)).not.toContain(second.id);
});
