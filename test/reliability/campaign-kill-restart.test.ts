import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sqlitePathIn } from '../../src-main/core/config';
import { createCore } from '../../src-main/core/create-core';
import { silentLogger } from '../../src-main/core/platform/logger';
import { startSmtpFake, type SmtpFake } from '../fakes/smtp';

// Issue 11: kill -9 mid-send to 10,000 recipients, then restart. No address may get two messages;
// every recipient ends sent, failed or unconfirmed (unconfirmed at most the number of connections);
// the send finishes by itself after the restart. The console runs as a child process on a
// temporary SQLite data dir; the SMTP server (the fake) lives here and outlives the kill.

const RECIPIENTS = 10_000;
const CONNECTIONS = 4;
const KILL_AFTER = 2_500;
const ROOT = resolve('.');
const dataDir = mkdtempSync(join(tmpdir(), 'tc-campaign-kill-'));
const children = new Set<ChildProcessWithoutNullStreams>();
let smtp: SmtpFake | undefined;

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await smtp?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function startConsole(env: Record<string, string>): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/reliability/campaign-send-child.ts'), dataDir], { cwd: ROOT, env: { ...process.env, ...env, DATABASE_URL: '', LOG_LEVEL: 'error' } });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`the console did not start in 30 s: ${err}`)), 30_000);
    child.on('exit', (code) => rej(new Error(`the console exited with ${code}: ${err}`)));
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('started')) {
        clearTimeout(timer);
        res();
      }
    });
  });
  return child;
}

async function until(what: string, done: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('campaign send survives kill -9 (SQLite, child process)', () => {
  it('sends each of 10,000 recipients at most one message, marks the in-flight ones unconfirmed, and finishes by itself', { timeout: 240_000 }, async () => {
    smtp = await startSmtpFake({ parse: false });
    const env = { SMTP_URL: smtp.url, MAIL_FROM: 'news@alpha.test' };
    Object.assign(process.env, env);

    // The data: a tenant of 10,000 members and a campaign to all of them, started (its job queued).
    const core = await createCore({ dataDir, logger: silentLogger, masterKey: undefined });
    const owner = await core.services.owner.id();
    const tenant = await core.services.tenants.create({ slug: 'alpha', name: 'Alpha Club' }, owner);
    await core.database.db.updateTable('memberships').set({ status: 'removed', leftAt: new Date().toISOString() }).where('userId', '=', owner).execute();
    const at = '2026-01-01T00:00:00.000Z';
    await core.database.db.transaction().execute(async (trx) => {
      for (let start = 0; start < RECIPIENTS; start += 500) {
        const ids = Array.from({ length: 500 }, (_, i) => ({ n: start + i, user: `user_k${randomBytes(8).toString('hex')}` }));
        await trx.insertInto('users').values(ids.map(({ n, user }) => ({ id: user, email: `m${n}@alpha.test`, name: `Member ${n}`, avatarUrl: null, createdAt: at, erasedAt: null }))).execute();
        await trx
          .insertInto('memberships')
          .values(ids.map(({ user }) => ({ id: `mem_k${randomBytes(8).toString('hex')}`, tenantId: tenant.id, userId: user, role: 'MEMBER' as const, joinSource: 'free_signup' as const, subscriptionStatus: null, compedUntil: null, joinedAt: at, lastActiveAt: null, leftAt: null })))
          .execute();
      }
    });
    const draft = await core.services.campaigns.createDraft(tenant.id, null, { subject: 'Hello {{member.firstName}}', content: '<p>Hi {{member.firstName|there}}</p>', audience: 'all_members' });
    await core.services.campaigns.update(tenant.id, { id: draft.id, ratePerSecond: 1000, connections: CONNECTIONS }, { isConsoleOwner: true });
    await core.services.campaigns.send(tenant.id, { id: draft.id });
    await core.close();

    // Send, and kill the console mid-send.
    const first = await startConsole(env);
    await until(`${KILL_AFTER} messages`, () => smtp!.received.length >= KILL_AFTER, 120_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = smtp.received.length;
    expect(atKill).toBeLessThan(RECIPIENTS);

    // Restart: the send resumes by itself and finishes.
    const file = new SqliteDatabase(sqlitePathIn(dataDir), { readonly: true });
    const status = () => file.prepare('SELECT status FROM campaigns WHERE id = ?').pluck().get(draft.id) as string;
    const second = await startConsole(env);
    try {
      await until('the campaign to finish', () => status() === 'sent', 150_000);
    } finally {
      second.kill('SIGKILL');
    }
    const counts = Object.fromEntries((file.prepare('SELECT status, count(*) AS n FROM campaign_recipients WHERE campaign_id = ? GROUP BY status').all(draft.id) as { status: string; n: number }[]).map((r) => [r.status, r.n]));
    const sentEmails = file.prepare(`SELECT email FROM campaign_recipients WHERE campaign_id = ? AND status = 'sent'`).pluck().all(draft.id) as string[];
    file.close();

    // No address received two messages; every message carried its own Message-ID.
    const perAddress = new Map<string, number>();
    for (const m of smtp.received) for (const to of m.to) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
    const twice = [...perAddress].filter(([, n]) => n > 1);
    expect(twice).toEqual([]);
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(smtp.received.length);
    // Every recipient ended sent, failed or unconfirmed; at most one per connection was in flight at the kill.
    expect(Object.keys(counts).sort()).toEqual(expect.arrayContaining(['sent']));
    expect((counts.sent ?? 0) + (counts.failed ?? 0) + (counts.unconfirmed ?? 0)).toBe(RECIPIENTS);
    expect(counts.pending ?? 0).toBe(0);
    expect(counts.sending ?? 0).toBe(0);
    expect(counts.unconfirmed ?? 0).toBeLessThanOrEqual(CONNECTIONS);
    // Every recipient recorded as sent got exactly one message.
    for (const email of sentEmails) expect(perAddress.get(email)).toBe(1);
    process.stdout.write(`killed after ${atKill} messages; after the restart: ${JSON.stringify(counts)}, ${smtp.received.length} messages received\n`);
  });
});
