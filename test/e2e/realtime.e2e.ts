import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { api } from './support/api';

// Real time in Chromium against the headless console (no Ably key: the console's own push channel
// carries the events): a member's chat message, sent through the API, appears in the open CHAT
// space without a reload; a member's comment on the owner's post rings the owner's bell.

const signInUrl = () => process.env.E2E_SIGN_IN_URL!;
const shot = (page: Page, name: string) => page.screenshot({ path: `test/e2e/output/${name}.png`, fullPage: false, animations: 'disabled' });

/** A MEMBER's Bearer token for the demo tenant, made by the CLI as an owner would. */
function memberToken(email: string): string {
  const res = spawnSync(process.execPath, [resolve('bin/tenant-console.js'), 'token', 'create', '--tenant', 'demo', '--user', email, '--role', 'MEMBER', '--data-dir', process.env.E2E_DATA_DIR!], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '' },
  });
  if (res.status !== 0) throw new Error(`token create failed: ${res.stderr}`);
  return res.stdout.trim();
}

test('a chat message arrives live in the open CHAT space, and a reply rings the bell', async ({ page }) => {
  const suffix = Date.now().toString(36);
  const owner = api();
  const lounge = await owner.spaces.create.mutate({ name: `Lounge ${suffix}`, type: 'CHAT' });
  const feed = await owner.spaces.create.mutate({ name: `News ${suffix}`, type: 'FEED' });
  const members = await owner.members.list.query({ limit: 50 });
  const member = members.items.find((m) => m.role === 'MEMBER')!;
  const asMember = api(memberToken(member.email));

  await page.goto(signInUrl());
  await expect(page.getByTestId('sidebar')).toBeVisible();
  await page.evaluate((id) => (window.location.hash = `#/spaces/${id}`), lounge.id);
  const chat = page.getByTestId('chat-view');
  await expect(chat.getByText('No messages yet')).toBeVisible();

  // The owner writes in the window.
  await chat.getByRole('textbox', { name: 'Message' }).fill('Welcome to the lounge!');
  await chat.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(chat.getByTestId('chat-message')).toHaveCount(1);
  await expect(chat.getByRole('textbox', { name: 'Message' })).toHaveValue('');

  // A member writes from their own app: it arrives in the open window, no reload, no typing.
  const navigations: string[] = [];
  page.on('framenavigated', (f) => navigations.push(f.url()));
  const sent = await asMember.chat.send.mutate({ spaceId: lounge.id, content: `Hi everyone, ${member.name} here` });
  await expect(chat.getByTestId('chat-message').last()).toContainText(`Hi everyone, ${member.name} here`);
  await expect(chat.getByTestId('chat-message').last()).toContainText(member.name);
  expect(navigations).toEqual([]);
  // The window shows what the API keeps (history outlives the channel's retention).
  const history = await owner.chat.list.query({ spaceId: lounge.id, limit: 10 });
  expect(history.items.map((m) => m.content)).toEqual(['Welcome to the lounge!', sent.content]);
  await shot(page, 'realtime-01-chat-live');

  // The member comments on the owner's post: the owner's bell counts it at once.
  const post = await owner.posts.create.mutate({ spaceId: feed.id, title: `Opening night ${suffix}`, content: '<p>Doors at seven.</p>', status: 'PUBLISHED' });
  await asMember.comments.create.mutate({ postId: post.id, content: 'Count me in!' });
  await expect(page.getByTestId('notifications-unread')).toHaveText('1');
  await page.getByRole('button', { name: 'Notifications: 1 unread' }).click();
  await expect(page.getByText('Someone commented on your post')).toBeVisible();
  await shot(page, 'realtime-02-bell');
  await page.getByRole('button', { name: 'Mark all read' }).click();
  await expect(page.getByTestId('notifications-unread')).toHaveCount(0);
});
