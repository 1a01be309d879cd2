import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appRouter } from '../../src-main/core/api/router';
import { apiContext } from '../../src-main/core/api/context';
import { createCallerFactory } from '../../src-main/core/api/trpc';
import { startHttpServer, type RunningServer } from '../../src-main/core/platform/http/server';
import { startSmtpFake, type SmtpBehaviour, type SmtpFake } from '../fakes/smtp';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';

// Campaigns end to end through the API, the durable send job and a real SMTP round trip (issue 11).

const createCaller = createCallerFactory(appRouter);
const accept: SmtpBehaviour = { kind: 'accept' };

/** A clock that runs with real time, moved forward by hand (a scheduled send must wait for it). */
function movableClock() {
  let offset = 0;
  return { nowMs: () => Date.now() + offset, nowIso: () => new Date(Date.now() + offset).toISOString(), advance: (ms: number) => void (offset += ms) };
}

describe.each(dialects)('campaigns (%s)', (dialect) => {
  let smtp: SmtpFake;
  let core: TestCore;
  let server: RunningServer;
  let clock: ReturnType<typeof movableClock>;
  let alpha: string;
  let bravo: string;
  let admin: string;
  let bravoAdmin: string;
  let api: ReturnType<typeof createCaller>;
  let bravoApi: ReturnType<typeof createCaller>;

  beforeAll(async () => {
    smtp = await startSmtpFake();
  });
  afterAll(async () => {
    await smtp.close();
  });

  beforeEach(async () => {
    smtp.setBehaviour(() => accept);
    smtp.messages.length = 0;
    smtp.received.length = 0;
    smtp.attempts.clear();
    clock = movableClock();
    core = await makeTestCore(dialect, { clock });
    const owner = await core.services.owner.id();
    alpha = (await core.services.tenants.create({ slug: 'alpha', name: 'Alpha Club' }, owner)).id;
    bravo = (await core.services.tenants.create({ slug: 'bravo', name: 'Bravo Club' }, owner)).id;
    // The console owner belongs to every tenant it creates; here they have left, so each audience is only the members below.
    await core.database.db.updateTable('memberships').set({ status: 'removed', leftAt: clock.nowIso() }).where('userId', '=', owner).execute();
    admin = (await addMembers(core, alpha, [{ name: 'Al Admin', email: 'al@alpha.test', role: 'ADMIN' }]))[0]!;
    bravoAdmin = (await addMembers(core, bravo, [{ name: 'Bea Bravo', email: 'bea@bravo.test', role: 'ADMIN' }]))[0]!;
    const callerFor = async (tenantId: string, userId: string) => createCaller(apiContext(core, await core.services.auth.authenticate(await core.services.auth.issue({ tenantId, userId, role: 'ADMIN' })), 'script'));
    api = await callerFor(alpha, admin);
    bravoApi = await callerFor(bravo, bravoAdmin);
    await core.services.settings.email.set({ host: smtp.host, port: smtp.port, user: smtp.user, password: smtp.password, security: 'none', fromName: 'Alpha Club', fromAddress: 'news@alpha.test' });
    server = await startHttpServer(core, { host: '127.0.0.1', port: 0 });
    process.env.PUBLIC_URL = server.url;
  });
  afterEach(async () => {
    delete process.env.PUBLIC_URL;
    await server.close();
    await core.dispose();
  });

  const recipientsOf = () => smtp.received.flatMap((m) => m.to).sort();

  it('sends the seed\'s campaign once to each member, with merge tags, one-click unsubscribe headers and a deterministic Message-ID', async () => {
    await addMembers(core, alpha, [
      { name: 'Ann Able', email: 'ann@alpha.test' },
      { name: '', email: 'nameless@alpha.test' },
    ]);
    const finished: unknown[] = [];
    core.services.events.subscribe('campaign.finished', async (e) => void finished.push(e.data), { name: 'test' });
    const c = await api.campaigns.create({
      subject: 'Weekly Community Update for {{member.firstName|friend}}',
      content: '<h1>This Week in {{community.name}}</h1><p>Hi {{member.firstName|there}}<script>alert(1)</script></p><p><a href="{{unsubscribe_url}}">Leave</a></p>',
      audience: 'all_members',
      scheduledAt: null,
    });
    expect(c.state).toBe('sending');
    expect(c.content).not.toContain('<script>');
    await core.jobs.drain();
    expect(recipientsOf()).toEqual(['al@alpha.test', 'ann@alpha.test', 'nameless@alpha.test']);
    const ann = smtp.messages.find((m) => m.subject === 'Weekly Community Update for Ann')!;
    expect(ann.html).toContain('This Week in Alpha Club');
    expect(ann.html).toContain('Hi Ann');
    expect(ann.text).toContain('Hi Ann');
    expect(smtp.messages.find((m) => (m.to as { text: string }).text.includes('nameless'))!.html).toContain('Hi there');
    const headers = smtp.received.find((m) => m.to.includes('ann@alpha.test'))!.headers;
    expect(headers).toMatch(/^List-Unsubscribe: <mailto:news@alpha\.test\?subject=Unsubscribe%20[a-f0-9]{32}>, <http:\/\/127\.0\.0\.1:\d+\/u\/[a-f0-9]{32}>\r?$/m);
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    const recipients = await api.campaigns.recipients({ id: c.id });
    const annRow = recipients.items.find((r) => r.email === 'ann@alpha.test')!;
    expect(smtp.received.find((m) => m.to.includes('ann@alpha.test'))!.messageId).toBe(`<${c.id}.${annRow.id}@alpha.test>`);
    const done = await api.campaigns.get({ id: c.id });
    expect(done.state).toBe('sent');
    expect(done.stats).toMatchObject({ recipients: 3, sent: 3, failed: 0, unconfirmed: 0 });
    expect(finished).toEqual([{ campaignId: c.id, subject: c.subject, sent: 3, failed: 0, unconfirmed: 0 }]);
    expect((await api.campaigns.list()).items.map((i) => i.id)).toEqual([c.id]);
    // The dashboard's setup step is done once a campaign exists.
    expect((await api.dashboard.setup()).campaign).toEqual({ done: true });
  });

  it('paid_only reaches exactly the paid and comped members; free_only the others', async () => {
    const [, , comped] = await addMembers(core, alpha, [
      { name: 'Pat Paid', email: 'pat@alpha.test', joinSource: 'paid', subscriptionStatus: 'active' },
      { name: 'Fay Free', email: 'fay@alpha.test' },
      { name: 'Cody Comped', email: 'cody@alpha.test' },
      { name: 'Lapsed Lee', email: 'lee@alpha.test', joinSource: 'free_signup', subscriptionStatus: 'canceled' },
    ]);
    await core.database.db.updateTable('memberships').set({ isComped: 1 }).where('userId', '=', comped!).execute();
    expect(await api.campaigns.audienceCount({ audience: 'paid_only' })).toEqual({ count: 2, label: 'Paid members' });
    const c = await api.campaigns.create({ subject: 'For supporters', content: '<p>Thanks</p>', audience: 'paid_only', scheduledAt: null });
    await core.jobs.drain();
    expect(recipientsOf()).toEqual(['cody@alpha.test', 'pat@alpha.test']);
    expect((await api.campaigns.get({ id: c.id })).stats.sent).toBe(2);
    expect((await api.campaigns.audienceCount({ audience: 'free_only' })).count).toBe(3);
  });

  it('a saved segment as the audience reaches exactly its members (its filter read while the send starts)', async () => {
    await addMembers(core, alpha, [
      { name: 'Mara Stone', email: 'mara@alpha.test' },
      { name: 'Marco Hill', email: 'marco@alpha.test' },
      { name: 'Zed Other', email: 'zed@alpha.test' },
    ]);
    const segment = await api.segments.create({ name: 'The Mar people', filter: { search: 'mar' } });
    expect((await api.campaigns.audienceCount({ audience: segment.id })).count).toBe(2);
    const c = await api.campaigns.create({ subject: 'Hello Mar', content: '<p>Hi</p>', audience: segment.id, scheduledAt: null });
    await core.jobs.drain();
    expect(recipientsOf()).toEqual(['mara@alpha.test', 'marco@alpha.test']);
    expect((await api.campaigns.get({ id: c.id })).state).toBe('sent');
  });

  it('retries a 451 and delivers it; tries a 550 once and leaves that address out of the next campaign', async () => {
    await addMembers(core, alpha, [
      { name: 'Slow Sam', email: 'slow@alpha.test' },
      { name: 'Gone Gus', email: 'gone@alpha.test' },
    ]);
    smtp.setBehaviour((rcpt, attempt) => (rcpt === 'slow@alpha.test' && attempt === 1 ? { kind: 'reply', code: 451, message: '4.7.1 Greylisted, try again' } : rcpt === 'gone@alpha.test' ? { kind: 'reply', code: 550, message: '5.1.1 No such user' } : accept));
    const first = await api.campaigns.create({ subject: 'One', content: '<p>1</p>', audience: 'all_members', scheduledAt: null });
    await core.jobs.drain();
    expect(smtp.attempts.get('slow@alpha.test')).toBe(2);
    expect(smtp.attempts.get('gone@alpha.test')).toBe(1);
    expect(recipientsOf()).toEqual(['al@alpha.test', 'slow@alpha.test']);
    const stats = (await api.campaigns.get({ id: first.id })).stats;
    expect(stats).toMatchObject({ sent: 2, failed: 1, bounced: 1 });
    const failed = await api.campaigns.recipients({ id: first.id, status: 'failed' });
    expect(failed.items).toEqual([expect.objectContaining({ email: 'gone@alpha.test', attempts: 1, lastError: expect.stringContaining('No such user') })]);

    smtp.received.length = 0;
    const second = await api.campaigns.create({ subject: 'Two', content: '<p>2</p>', audience: 'all_members', scheduledAt: null });
    await core.jobs.drain();
    expect(recipientsOf()).toEqual(['al@alpha.test', 'slow@alpha.test']);
    expect(smtp.attempts.get('gone@alpha.test')).toBe(1);
    expect((await api.campaigns.get({ id: second.id })).stats.recipients).toBe(2);
  });

  it('a one-click unsubscribe (RFC 8058) is honoured at once and the member is left out of the next campaign', async () => {
    const [ann] = await addMembers(core, alpha, [{ name: 'Ann Able', email: 'ann@alpha.test' }]);
    await api.campaigns.create({ subject: 'One', content: '<p>1</p>', audience: 'all_members', scheduledAt: null });
    await core.jobs.drain();
    const url = /<(http:[^>]+\/u\/[a-f0-9]{32})>/.exec(smtp.received.find((m) => m.to.includes('ann@alpha.test'))!.headers)![1]!;
    // A GET (what link scanners do) only asks.
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Unsubscribe from Alpha Club?');
    expect((await api.campaigns.memberEmailStatus({ userId: ann! })).subscribed).toBe(true);
    // The mail client's one-click POST, with no cookies or sign-in.
    const post = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(post.status).toBe(200);
    expect(await api.campaigns.memberEmailStatus({ userId: ann! })).toMatchObject({ subscribed: false, email: 'ann@alpha.test' });
    expect((await api.campaigns.audienceCount({ audience: 'all_members' })).count).toBe(1);

    smtp.received.length = 0;
    const next = await api.campaigns.create({ subject: 'Two', content: '<p>2</p>', audience: 'all_members', scheduledAt: null });
    await core.jobs.drain();
    expect(recipientsOf()).toEqual(['al@alpha.test']);
    expect((await api.campaigns.get({ id: next.id })).stats.recipients).toBe(1);
    // The member unsubscribed themselves: a tenant ADMIN cannot subscribe them again.
    await expect(api.campaigns.setMemberSubscribed({ userId: ann!, subscribed: true })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'subscribed: this member unsubscribed themselves; only they can subscribe again',
    });
    expect(await api.campaigns.memberEmailStatus({ userId: ann! })).toMatchObject({ subscribed: false });
    // Switching them off first does not make the unsubscribe the ADMIN's.
    await api.campaigns.setMemberSubscribed({ userId: ann!, subscribed: false });
    await expect(api.campaigns.setMemberSubscribed({ userId: ann!, subscribed: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await api.campaigns.audienceCount({ audience: 'all_members' })).count).toBe(1);
    // An unsubscribe the ADMIN made can be undone from the member's drawer.
    const [ben] = await addMembers(core, alpha, [{ name: 'Ben Bold', email: 'ben@alpha.test' }]);
    expect((await api.campaigns.setMemberSubscribed({ userId: ben!, subscribed: false })).subscribed).toBe(false);
    expect((await api.campaigns.setMemberSubscribed({ userId: ben!, subscribed: true })).subscribed).toBe(true);
    expect((await api.campaigns.audienceCount({ audience: 'all_members' })).count).toBe(2);
    expect((await fetch(url.replace(/[a-f0-9]{32}$/, '0'.repeat(32)), { method: 'POST' })).status).toBe(404);
  });

  it('tracks clicks through a signed redirect when asked (off by default), only to the message\'s own links', async () => {
    const plain = await api.campaigns.create({ subject: 'Plain', content: '<p><a href="https://example.com/read?a=1&amp;b=2">Read</a></p>', audience: 'all_members', scheduledAt: null });
    await core.jobs.drain();
    expect(smtp.messages[0]!.html).toContain('href="https://example.com/read?a=1&amp;b=2"');
    expect(plain).toMatchObject({ trackClicks: false });

    const tracked = await api.campaigns.createDraft({ subject: 'Tracked', content: '<p><a href="https://example.com/read?a=1&amp;b=2">Read</a></p>' });
    await api.campaigns.update({ id: tracked.id, trackClicks: true });
    await api.campaigns.send({ id: tracked.id });
    await core.jobs.drain();
    const html = smtp.messages[1]!.html as string;
    const link = /href="(http:\/\/127\.0\.0\.1:\d+\/c\/[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    const click = await fetch(link, { redirect: 'manual' });
    expect(click.status).toBe(302);
    expect(click.headers.get('location')).toBe('https://example.com/read?a=1&b=2');
    expect((await api.campaigns.get({ id: tracked.id })).stats.clicked).toBe(1);
    // Anyone else's target, or a changed signature, goes nowhere (no open redirect).
    const forged = new URL(link);
    forged.searchParams.set('u', 'https://evil.example/');
    expect((await fetch(forged, { redirect: 'manual' })).status).toBe(404);
    // The token is in the link, so a signature keyed with it proves nothing: the console signs with its own secret.
    const token = /\/c\/([a-f0-9]{32})/.exec(link)![1]!;
    for (const target of ['https://evil.example/', 'https://example.com/read?a=1&b=2']) {
      const tokenSigned = new URL(link);
      tokenSigned.searchParams.set('u', target);
      tokenSigned.searchParams.set('s', createHmac('sha256', token).update(target).digest('base64url').slice(0, 22));
      expect((await fetch(tokenSigned, { redirect: 'manual' })).status).toBe(404);
    }
  });

  it('a campaign scheduled for later is not sent before its time, then goes by itself', async () => {
    const at = new Date(clock.nowMs() + 3_600_000);
    const c = await api.campaigns.create({ subject: 'Later', content: '<p>Later</p>', audience: 'all_members', scheduledAt: at });
    expect(c).toMatchObject({ state: 'scheduled', scheduledAt: at.toISOString() });
    await core.jobs.drain();
    clock.advance(3_500_000);
    await core.jobs.drain();
    expect(smtp.received).toHaveLength(0);
    expect((await api.campaigns.get({ id: c.id })).state).toBe('scheduled');
    clock.advance(200_000);
    await core.jobs.drain();
    expect(recipientsOf()).toEqual(['al@alpha.test']);
    expect((await api.campaigns.get({ id: c.id })).state).toBe('sent');
    await expect(api.campaigns.create({ subject: 'Past', content: '<p>x</p>', audience: 'all_members', scheduledAt: new Date(clock.nowMs() - 1000) })).rejects.toThrow(/scheduledAt: must be in the future/);
  });

  it('drafts autosave with versions that can be restored, refuse a stale save, and keep only safe HTML', async () => {
    const draft = await api.campaigns.createDraft({});
    expect(draft).toMatchObject({ state: 'draft', subject: '', version: 0 });
    const v1 = await api.campaigns.update({ id: draft.id, subject: 'Hello', content: '<p onclick="x()">First <a href="javascript:alert(1)">x</a></p>', baseVersion: 0 });
    expect(v1.content).toBe('<p>First <a>x</a></p>');
    clock.advance(120_000);
    const v2 = await api.campaigns.update({ id: draft.id, content: '<p>Second</p>', baseVersion: v1.version });
    await expect(api.campaigns.update({ id: draft.id, content: '<p>Stale</p>', baseVersion: v1.version })).rejects.toThrow(/baseVersion/);
    const versions = (await api.campaigns.versions({ id: draft.id })).items;
    expect(versions.map((v) => v.excerpt)).toEqual(['Second', 'First x']);
    const restored = await api.campaigns.restoreVersion({ id: draft.id, versionId: versions[1]!.id });
    expect(restored.content).toBe('<p>First <a>x</a></p>');
    expect(restored.version).toBeGreaterThan(v2.version);
    const copy = await api.campaigns.duplicate({ id: draft.id });
    expect(copy).toMatchObject({ subject: 'Copy of Hello', state: 'draft' });
    const preview = await api.campaigns.preview({ id: draft.id, userId: admin });
    expect(preview).toMatchObject({ subject: 'Hello', memberName: 'Al Admin' });
    expect(preview.html).toContain('style=');
    await expect(api.campaigns.send({ id: (await api.campaigns.createDraft({ subject: 'Empty' })).id })).rejects.toThrow(/content: a campaign needs content/);
    await expect(api.campaigns.create({ subject: 'x', content: 'y', audience: 'seg_doesnotexist1', scheduledAt: null, draft: true })).rejects.toThrow(/audience: segment/);
    const test = await api.campaigns.sendTest({ campaignId: draft.id, testEmail: 'me@owner.test' });
    expect(test.ok).toBe(true);
    expect(smtp.messages.at(-1)!.subject).toBe('[Test] Hello');
  });

  it('waits for the mail server while it cannot be reached and sends when it can; an unsubscribe meanwhile is honoured', async () => {
    const [ann] = await addMembers(core, alpha, [{ name: 'Ann Able', email: 'ann@alpha.test' }]);
    const down = await startSmtpFake();
    const port = down.port;
    await down.close();
    await core.services.settings.email.set({ host: '127.0.0.1', port, user: smtp.user, password: smtp.password, security: 'none' });
    const c = await api.campaigns.create({ subject: 'Offline', content: '<p>x</p>', audience: 'all_members', scheduledAt: null, draft: true });
    await api.campaigns.send({ id: c.id });
    await core.jobs.drain();
    const waiting = await api.campaigns.get({ id: c.id });
    expect(waiting.state).toBe('sending');
    // A tenant ADMIN reads a plain sentence; the console owner sees the details in Settings → Email.
    expect(waiting.waitingReason).toBe("Waiting for the mail server: the console's mail server could not be reached; the console owner can see why in Settings → Email");
    expect(waiting.stats).toMatchObject({ pending: 2, sent: 0, failed: 0 });
    await api.campaigns.setMemberSubscribed({ userId: ann!, subscribed: false });
    const back = await startSmtpFake({ port });
    try {
      clock.advance(120_000);
      await core.jobs.drain();
      expect(back.received.map((m) => m.to)).toEqual([['al@alpha.test']]);
      expect(await api.campaigns.get({ id: c.id })).toMatchObject({ state: 'sent', waitingReason: null });
      expect((await api.campaigns.recipients({ id: c.id, status: 'skipped' })).items).toEqual([expect.objectContaining({ email: 'ann@alpha.test', lastError: 'Unsubscribed before this message went' })]);
    } finally {
      await back.close();
    }
  });

  it('pauses itself after 20 failed messages in a row, says why, and resumes on request', async () => {
    await addMembers(core, alpha, Array.from({ length: 24 }, (_, i) => ({ name: `M ${i}`, email: `m${String(i).padStart(2, '0')}@alpha.test` })));
    smtp.setBehaviour(() => ({ kind: 'reply', code: 550, message: '5.7.1 Relaying denied' }));
    const c = await api.campaigns.create({ subject: 'Refused', content: '<p>x</p>', audience: 'all_members', scheduledAt: null, draft: true });
    await api.campaigns.update({ id: c.id, connections: 1 });
    await api.campaigns.send({ id: c.id });
    await core.jobs.drain();
    const paused = await api.campaigns.get({ id: c.id });
    expect(paused.state).toBe('paused');
    expect(paused.pauseReason).toMatch(/^Paused by itself after 20 failed messages in a row\. The last reply: .*Relaying denied/);
    expect(paused.stats.failed).toBe(20);
    smtp.setBehaviour(() => accept);
    await api.campaigns.resume({ id: c.id });
    await core.jobs.drain();
    expect(await api.campaigns.get({ id: c.id })).toMatchObject({ state: 'sent', stats: expect.objectContaining({ sent: 5, failed: 20 }) });
  });

  it('waits while another console process holds the send, and takes over when its hold runs out', async () => {
    const c = await api.campaigns.createDraft({ subject: 'Shared database', content: '<p>x</p>' });
    // Another process sharing the database is sending it (its hold renewed a moment ago).
    await core.database.db.updateTable('campaigns').set({ sendLeaseOwner: 'another-process', sendLeaseUntil: new Date(clock.nowMs() + 30_000).toISOString() }).where('id', '=', c.id).execute();
    await api.campaigns.send({ id: c.id });
    await core.jobs.drain();
    expect(smtp.received).toHaveLength(0);
    // That process died: its hold ran out, and this one sends.
    clock.advance(31_000);
    await core.jobs.drain();
    expect(recipientsOf()).toEqual(['al@alpha.test']);
    expect((await api.campaigns.get({ id: c.id })).state).toBe('sent');
  });

  it('the owner pauses a send under way, resumes it without sending anyone twice, and cancels another', async () => {
    await addMembers(core, alpha, Array.from({ length: 9 }, (_, i) => ({ name: `M ${i}`, email: `m${i}@alpha.test` })));
    const c = await api.campaigns.createDraft({ subject: 'Slow', content: '<p>x</p>' });
    await api.campaigns.update({ id: c.id, ratePerSecond: 5, connections: 1 });
    await api.campaigns.send({ id: c.id });
    const draining = core.jobs.drain();
    await smtp.waitForReceived(2, 10_000);
    expect((await api.campaigns.pause({ id: c.id })).state).toBe('paused');
    await draining;
    const paused = await api.campaigns.get({ id: c.id });
    expect(paused).toMatchObject({ state: 'paused', pauseReason: 'Paused by you' });
    expect(paused.stats.pending).toBeGreaterThan(0);
    expect(smtp.received.length).toBe(paused.stats.sent);
    await expect(api.campaigns.update({ id: c.id, subject: 'Changed' })).rejects.toThrow(/a campaign that is paused can no longer be edited/);
    await api.campaigns.resume({ id: c.id });
    await core.jobs.drain();
    expect(recipientsOf()).toHaveLength(10);
    expect(new Set(recipientsOf()).size).toBe(10);
    expect((await api.campaigns.get({ id: c.id })).state).toBe('sent');
    await expect(api.campaigns.resume({ id: c.id })).rejects.toThrow(/only a paused campaign can be resumed/);

    smtp.received.length = 0;
    const other = await api.campaigns.createDraft({ subject: 'Stopped', content: '<p>x</p>' });
    await api.campaigns.update({ id: other.id, ratePerSecond: 5, connections: 1 });
    await api.campaigns.send({ id: other.id });
    const second = core.jobs.drain();
    await smtp.waitForReceived(1, 10_000);
    expect((await api.campaigns.cancel({ id: other.id })).state).toBe('canceled');
    await second;
    const canceled = await api.campaigns.get({ id: other.id });
    expect(canceled.stats.sent + canceled.stats.unconfirmed).toBe(smtp.received.length);
    expect(canceled.stats.sent).toBeLessThan(10);
    expect((await api.campaigns.recipients({ id: other.id, status: 'skipped' })).total).toBe(10 - smtp.received.length);
  });

  it('sendToMember sends at most one message per dedupe key and skips an unsubscribed member', async () => {
    const [ann, bob] = await addMembers(core, alpha, [
      { name: 'Ann Able', email: 'ann@alpha.test' },
      { name: 'Bob Busy', email: 'bob@alpha.test' },
    ]);
    const input = { tenantId: alpha, userId: ann!, subject: 'Welcome, {{member.firstName}}', html: '<p>Hi</p>', dedupeKey: 'welcome:ann', source: { kind: 'automation' as const, automationId: 'aut_1', runId: 'run_1' } };
    const [a, b] = await Promise.all([core.services.campaigns.sendToMember(input), core.services.campaigns.sendToMember(input)]);
    expect(a.messageId).toMatch(/^<cmp_.*@alpha\.test>$/);
    expect(b.messageId).toBe(a.messageId);
    await core.jobs.drain();
    expect(await core.services.campaigns.sendToMember(input)).toEqual({ messageId: a.messageId });
    await core.jobs.drain();
    expect(smtp.received.map((m) => [m.to, m.messageId])).toEqual([[['ann@alpha.test'], a.messageId]]);
    expect(smtp.messages[0]!.subject).toBe('Welcome, Ann');
    await api.campaigns.setMemberSubscribed({ userId: bob!, subscribed: false });
    expect(await core.services.campaigns.sendToMember({ ...input, userId: bob!, dedupeKey: 'welcome:bob' })).toMatchObject({ messageId: null, skipped: expect.stringMatching(/unsubscribed/) });
    // Automation messages are not campaigns on the Campaigns page.
    expect((await api.campaigns.list()).items).toEqual([]);
  });

  it('keeps a tenant ADMIN from using the console\'s mail server as a relay or reading its internals', async () => {
    const draft = await api.campaigns.createDraft({ subject: 'Hi', content: '<p>x</p>' });
    // Test emails: a few an hour, then a 429 naming testEmail and when to try again.
    for (let i = 0; i < 10; i++) expect(await api.campaigns.sendTest({ campaignId: draft.id, testEmail: `t${i}@elsewhere.test` })).toMatchObject({ ok: true });
    const refused = await api.campaigns.sendTest({ campaignId: draft.id, testEmail: 'eleven@elsewhere.test' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/^testEmail: at most 10 test emails an hour; try again after \d{4}-/) });
    expect(refused).toMatchObject({ cause: { details: { field: 'testEmail' } } }); // data.field; TOO_MANY_REQUESTS is HTTP 429
    expect(smtp.received.map((m) => m.to).flat()).not.toContain('eleven@elsewhere.test');
    // Another tenant has its own allowance.
    const bravoDraft = await bravoApi.campaigns.createDraft({ subject: 'Hi', content: '<p>x</p>' });
    expect(await bravoApi.campaigns.sendTest({ campaignId: bravoDraft.id, testEmail: 'b@elsewhere.test' })).toMatchObject({ ok: true });

    // Pacing: a tenant ADMIN gets sane maximums; the console owner may go up to the schema's.
    await expect(api.campaigns.update({ id: draft.id, ratePerSecond: 101 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^ratePerSecond: must be at most 100/) });
    await expect(api.campaigns.update({ id: draft.id, connections: 11 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^connections: must be at most 10/) });
    expect(await api.campaigns.update({ id: draft.id, ratePerSecond: 100, connections: 10 })).toMatchObject({ ratePerSecond: 100, connections: 10 });
    const owner = await core.services.owner.id();
    await core.database.db.updateTable('memberships').set({ status: 'active', leftAt: null }).where('userId', '=', owner).where('tenantId', '=', alpha).execute();
    const ownerApi = createCaller(apiContext(core, await core.services.auth.authenticate(await core.services.auth.issue({ tenantId: alpha, userId: owner, role: 'ADMIN' })), 'script'));
    expect(await ownerApi.campaigns.update({ id: draft.id, ratePerSecond: 5000, connections: 20 })).toMatchObject({ ratePerSecond: 5000, connections: 20 });

    // A connection failure reads as a plain sentence to the tenant ADMIN (the owner sees the details).
    await core.services.settings.email.set({ host: '127.0.0.1', port: 1, user: smtp.user, password: smtp.password, security: 'none', fromName: 'Alpha Club', fromAddress: 'news@alpha.test' });
    const ownerView = await ownerApi.campaigns.sendTest({ campaignId: draft.id, testEmail: 'o@elsewhere.test' });
    expect(ownerView).toMatchObject({ ok: false, message: expect.stringMatching(/ECONNREFUSED|127\.0\.0\.1/) });
    const adminView = await bravoApi.campaigns.sendTest({ campaignId: bravoDraft.id, testEmail: 'b2@elsewhere.test' });
    expect(adminView).toEqual({ ok: false, message: "The console's mail server could not be reached; the console owner can see why in Settings → Email" });
  });

  it('shows a tenant ADMIN a recipient\'s SMTP reply but not the mail server\'s connection details', async () => {
    await addMembers(core, alpha, [{ name: 'Gone Gus', email: 'gone@alpha.test' }]);
    smtp.setBehaviour((rcpt) => (rcpt === 'gone@alpha.test' ? { kind: 'reply', code: 550, message: '5.1.1 No such user' } : accept));
    const c = await api.campaigns.create({ subject: 'One', content: '<p>1</p>', audience: 'all_members', scheduledAt: null });
    await core.jobs.drain();
    expect((await api.campaigns.recipients({ id: c.id, status: 'failed' })).items).toEqual([expect.objectContaining({ lastError: expect.stringContaining('550 5.1.1 No such user') })]);
    // A recipient left with a connection-level error (as a send that lost its server records it).
    const al = (await api.campaigns.recipients({ id: c.id, status: 'sent' })).items[0]!;
    await core.database.db.updateTable('campaignRecipients').set({ status: 'failed', lastError: 'The mail server kept deferring this message: connect ECONNREFUSED 10.1.2.3:587' }).where('id', '=', al.id).execute();
    await core.database.db.updateTable('campaigns').set({ pauseReason: 'The send could not start: getaddrinfo ENOTFOUND smtp.internal.corp' }).where('id', '=', c.id).execute();
    const failed = (await api.campaigns.recipients({ id: c.id, status: 'failed' })).items;
    expect(failed.map((r) => r.lastError).join(' ')).not.toMatch(/ECONNREFUSED|10\.1\.2\.3/);
    expect(failed.find((r) => r.id === al.id)!.lastError).toBe("The mail server kept deferring this message: the console's mail server could not be reached; the console owner can see why in Settings → Email");
    expect((await api.campaigns.get({ id: c.id })).pauseReason).toBe("The send could not start: the console's mail server could not be reached; the console owner can see why in Settings → Email");
  });

  it('keeps each tenant to its own campaigns and members', async () => {
    const c = await api.campaigns.create({ subject: 'Alpha only', content: '<p>x</p>', audience: 'all_members', scheduledAt: null, draft: true });
    const [bravoMember] = await addMembers(core, bravo, [{ name: 'Ben Bravo', email: 'ben@bravo.test' }]);
    for (const call of [
      () => bravoApi.campaigns.get({ id: c.id }),
      () => bravoApi.campaigns.update({ id: c.id, subject: 'Hijacked' }),
      () => bravoApi.campaigns.send({ id: c.id }),
      () => bravoApi.campaigns.delete({ id: c.id }),
      () => bravoApi.campaigns.recipients({ id: c.id }),
      () => bravoApi.campaigns.preview({ id: c.id }),
      () => bravoApi.campaigns.sendTest({ campaignId: c.id, testEmail: 'x@bravo.test' }),
      () => bravoApi.campaigns.versions({ id: c.id }),
      () => api.campaigns.memberEmailStatus({ userId: bravoMember! }),
      () => api.campaigns.setMemberSubscribed({ userId: bravoMember!, subscribed: false }),
      () => api.campaigns.preview({ id: c.id, userId: bravoMember! }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    expect((await bravoApi.campaigns.list()).items).toEqual([]);
    expect((await api.campaigns.get({ id: c.id })).subject).toBe('Alpha only');
  });

  it('forgets an erased member\'s address in the ledger (member.erased)', async () => {
    const [ann] = await addMembers(core, alpha, [{ name: 'Ann Able', email: 'ann@alpha.test' }]);
    const c = await api.campaigns.create({ subject: 'One', content: '<p>1</p>', audience: 'all_members', scheduledAt: null });
    await core.jobs.drain();
    await api.members.erase({ userId: ann! });
    await core.jobs.drain();
    const rows = (await api.campaigns.recipients({ id: c.id })).items;
    expect(rows.map((r) => r.email).sort()).toEqual(['al@alpha.test', `erased-${ann}@invalid`]);
    expect(rows.find((r) => r.userId === ann)!.name).toBeNull();
  });
});
