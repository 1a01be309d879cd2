import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import * as Ably from 'ably';
import { startAblyFake, type AblyFake } from '../fakes/ably';
import { api } from './support/api';

// Real time in Chromium against the headless console. Without an Ably key (the shared console),
// the console's own push channel carries the events: a member's chat message, sent through the API,
// appears in the open CHAT space without a reload; a member's comment on the owner's post rings the
// owner's bell. With a key (a console of its own on the Ably fake), a member's app talks to Ably
// directly: its message is heard by the console, kept, and shown live; the owner's reply reaches the app.

const BIN = resolve('bin/tenant-console.js');

const signInUrl = () => process.env.E2E_SIGN_IN_URL!;
const shot = (page: Page, name: string) => page.screenshot({ path: `test/e2e/output/${name}.png`, fullPage: false, animations: 'disabled' });

/** A MEMBER's Bearer token for the demo tenant, made by the CLI as an owner would. */
function memberToken(email: string, tenant = 'demo', dataDir = process.env.E2E_DATA_DIR!): string {
  const res = spawnSync(process.execPath, [BIN, 'token', 'create', '--tenant', tenant, '--user', email, '--role', 'MEMBER', '--data-dir', dataDir], {
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

  // The member comments on the owner's post: the owner's bell counts it at once. (Other specs share
  // this console and may have left the owner unread notices: start from none.)
  await owner.notifications.markRead.mutate({});
  await expect(page.getByTestId('notifications-unread')).toHaveCount(0);
  const post = await owner.posts.create.mutate({ spaceId: feed.id, title: `Opening night ${suffix}`, content: '<p>Doors at seven.</p>', status: 'PUBLISHED' });
  await asMember.comments.create.mutate({ postId: post.id, content: 'Count me in!' });
  await expect(page.getByTestId('notifications-unread')).toHaveText('1');
  await page.getByRole('button', { name: 'Notifications: 1 unread' }).click();
  await expect(page.getByText(`${member.name} commented on your post “Opening night ${suffix}”`)).toBeVisible();
  await shot(page, 'realtime-02-bell');
  await page.getByRole('button', { name: 'Mark all read' }).click();
  await expect(page.getByTestId('notifications-unread')).toHaveCount(0);
});

test.describe('with an Ably key', () => {
  let ably: AblyFake;
  let server: ChildProcess;
  let dataDir: string;
  let baseUrl: string;
  let ownerToken: string;

  test.beforeAll(async () => {
    ably = await startAblyFake();
    dataDir = mkdtempSync(join(tmpdir(), 'tc-e2e-realtime-'));
    const env = { ...process.env, DATABASE_URL: '', ABLY_API_KEY: ably.apiKey, ABLY_ENDPOINT: ably.url };
    const run = (args: string[]) => {
      const r = spawnSync(process.execPath, [BIN, ...args, '--data-dir', dataDir], { encoding: 'utf8', env });
      if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
      return r.stdout.trim();
    };
    run(['seed', '--members', '20', '--tenant', 'club']);
    ownerToken = run(['token', 'create', '--tenant', 'club']);
    server = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    baseUrl = await new Promise<string>((res, rej) => {
      let out = '';
      const timer = setTimeout(() => rej(new Error(`serve did not start: ${out}`)), 30_000);
      server.stdout!.on('data', (d) => {
        out += d;
        const m = /listening on (\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          res(m[1]!);
        }
      });
    });
  });

  test.afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    await ably?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a member\'s app publishes on Ably: the console keeps the message and the window shows it live; the owner\'s answer reaches the app', async ({ page }) => {
    const owner = api(ownerToken, baseUrl);
    const lounge = await owner.spaces.create.mutate({ name: 'Members lounge', type: 'CHAT' });
    // Members chat on the space's chat channel; `space:{id}` is the console's alone (members may not publish there).
    const channel = `space:${lounge.id}:chat`;
    const member = (await owner.members.list.query({ limit: 50 })).items.find((m) => m.role === 'MEMBER')!;
    const token = memberToken(member.email, 'club', dataDir);

    await page.goto(`${baseUrl}/#token=${ownerToken}`);
    await expect(page.getByTestId('sidebar')).toBeVisible();
    await page.evaluate((id) => (window.location.hash = `#/spaces/${id}`), lounge.id);
    const chat = page.getByTestId('chat-view');
    await expect(chat.getByText('No messages yet')).toBeVisible();

    // The member's app: Ably's SDK with the console as its authUrl.
    const app = new Ably.Realtime({
      authUrl: `${baseUrl}/api/ably-auth`,
      authHeaders: { authorization: `Bearer ${token}` },
      useBinaryProtocol: false,
      endpoint: '127.0.0.1',
      port: Number(new URL(ably.url).port),
      tls: false,
      fallbackHosts: [],
      logLevel: 0,
    });
    try {
      const heardByApp: string[] = [];
      await app.channels.get(channel).subscribe('message', (m) => void heardByApp.push((m.data as { content: string }).content));
      // The console listens on the space (it looks again when a member asks for a token).
      await expect.poll(() => ably.realtime.connections().some((c) => c.clientId === 'tenant-console' && c.channels.includes(channel)), { timeout: 15_000 }).toBe(true);

      await expect(app.channels.get(`space:${lounge.id}`).publish('post', { postId: 'post_forged', title: 'Forged' })).rejects.toMatchObject({ code: 40160 });
      // A backdated timestamp in the data is not what the console keeps.
      await app.channels.get(channel).publish('message', { userId: member.userId, content: 'Hello from the app', timestamp: '2020-01-01T00:00:00.000Z' });
      await expect(chat.getByTestId('chat-message').last()).toContainText('Hello from the app');
      await expect(chat.getByTestId('chat-message').last()).toContainText(member.name);
      const kept = (await owner.chat.list.query({ spaceId: lounge.id })).items;
      expect(kept).toEqual([expect.objectContaining({ content: 'Hello from the app', source: 'ably', userId: member.userId })]);
      expect(Date.parse(kept[0]!.timestamp)).toBeGreaterThan(Date.parse('2026-01-01T00:00:00.000Z'));

      // The owner answers in the window: published through the outbox, heard by the member's app.
      await chat.getByRole('textbox', { name: 'Message' }).fill('Welcome aboard!');
      await chat.getByRole('textbox', { name: 'Message' }).press('Enter');
      await expect(chat.getByTestId('chat-message')).toHaveCount(2);
      await expect.poll(() => heardByApp, { timeout: 15_000 }).toEqual(['Hello from the app', 'Welcome aboard!']);
      // Once each on the channel, and kept once each by the console.
      expect(ably.messagesOn(channel).map((m) => (m.data as { content: string }).content)).toEqual(['Hello from the app', 'Welcome aboard!']);
      expect((await owner.chat.list.query({ spaceId: lounge.id })).items.map((m) => m.content)).toEqual(['Hello from the app', 'Welcome aboard!']);
      await shot(page, 'realtime-03-chat-over-ably');
    } finally {
      app.close();
    }
  });
});
