// @vitest-environment happy-dom
import { TRPCClientError } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnectionStore, type ConnectionStore } from '../../stores/connection';
import { createDraftSession, draftStatusText, type DraftSession } from './draft-session';
import { hasUnsyncedChanges, listUnsynced, newDraftKey, pickStartingDraft, readDraft, type LocalDraft } from './draft-store';

const TENANT = 'ten_1';

function fresh(): LocalDraft {
  return { key: newDraftKey(), tenantId: TENANT, campaignId: null, subject: '', content: '', audience: 'all_members', editedAt: 0, syncedAt: null };
}

/** What a fetch that never reached the core looks like to the renderer. */
const networkDown = () => new TRPCClientError('Failed to fetch', { cause: new TypeError('Failed to fetch') });

let session: DraftSession | undefined;
let connection: ConnectionStore;

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
  localStorage.clear();
  connection = createConnectionStore();
  connection.getState().markConnected();
});
afterEach(() => {
  session?.dispose();
  vi.useRealTimers();
});

describe('an offline draft', () => {
  it('is on this computer within 2 s of typing, even while typing goes on', () => {
    const push = vi.fn(() => new Promise<{ campaignId: string }>(() => undefined));
    const draft = fresh();
    session = createDraftSession(draft, { storage: localStorage, connection, push });
    // Typing steadily, a key every 100 ms, for 3 s: a debounce would never write.
    for (let i = 0; i < 30; i++) {
      session.edit({ content: `<p>${'x'.repeat(i + 1)}</p>` });
      vi.advanceTimersByTime(100);
      if (i === 19) expect(readDraft(localStorage, TENANT, draft.key)?.content.length).toBeGreaterThan(5);
    }
    vi.advanceTimersByTime(2_000);
    expect(readDraft(localStorage, TENANT, draft.key)?.content).toBe(`<p>${'x'.repeat(30)}</p>`);
  });

  it('survives a crash: a new session on the same storage finds the unsynced text', () => {
    connection.getState().markOffline('This computer is offline.');
    const push = vi.fn(async () => ({ campaignId: 'cmp_1' }));
    const draft = fresh();
    session = createDraftSession(draft, { storage: localStorage, connection, push });
    session.edit({ subject: 'Spring meetup', content: '<p>Come along</p>' });
    vi.advanceTimersByTime(1_000);
    // The window dies without dispose(): only what reached storage counts.
    session = undefined;
    const found = listUnsynced(localStorage, TENANT);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ subject: 'Spring meetup', content: '<p>Come along</p>', campaignId: null });
    expect(push).not.toHaveBeenCalled();
  });

  it('waits while the core is unreachable and syncs when it is back, keyed by the new id', async () => {
    const push = vi.fn<(d: LocalDraft) => Promise<{ campaignId: string }>>().mockRejectedValueOnce(networkDown()).mockResolvedValue({ campaignId: 'cmp_new' });
    const draft = fresh();
    session = createDraftSession(draft, { storage: localStorage, connection, push });
    session.edit({ subject: 'Hello', content: '<p>Draft</p>' });
    await vi.advanceTimersByTimeAsync(1_500);
    expect(push).toHaveBeenCalledTimes(1);
    expect(session.get().phase).toBe('offline');
    expect(draftStatusText(session.get())).toMatch(/saved on this computer/);
    connection.getState().markOffline('The console server cannot be reached.');
    session.edit({ content: '<p>Draft, longer</p>' });
    await vi.advanceTimersByTimeAsync(1_500);
    expect(push).toHaveBeenCalledTimes(1); // no calls while known to be offline

    connection.getState().markConnected();
    await vi.advanceTimersByTimeAsync(10);
    expect(push).toHaveBeenCalledTimes(2);
    expect(push.mock.lastCall?.[0]).toMatchObject({ subject: 'Hello', content: '<p>Draft, longer</p>', campaignId: null });
    expect(session.get().phase).toBe('saved');
    expect(session.get().draft.campaignId).toBe('cmp_new');
    expect(readDraft(localStorage, TENANT, draft.key)).toBeNull();
    const stored = readDraft(localStorage, TENANT, 'cmp_new');
    expect(stored && hasUnsyncedChanges(stored)).toBe(false);
  });

  it('sends edits made during a save in a second save', async () => {
    let release: (v: { campaignId: string }) => void = () => undefined;
    const push = vi
      .fn<(d: LocalDraft) => Promise<{ campaignId: string }>>()
      .mockImplementationOnce(() => new Promise((r) => (release = r)))
      .mockResolvedValue({ campaignId: 'cmp_1' });
    session = createDraftSession(fresh(), { storage: localStorage, connection, push });
    session.edit({ content: '<p>one</p>' });
    await vi.advanceTimersByTimeAsync(1_300);
    session.edit({ content: '<p>two</p>' });
    release({ campaignId: 'cmp_1' });
    await vi.advanceTimersByTimeAsync(1_500);
    expect(push).toHaveBeenCalledTimes(2);
    expect(push.mock.lastCall?.[0]).toMatchObject({ campaignId: 'cmp_1', content: '<p>two</p>' });
    expect(session.get().phase).toBe('saved');
  });

  it('keeps the text and says why when the core refuses it', async () => {
    const refusal = new TRPCClientError('Only drafts and scheduled campaigns can be edited');
    Object.defineProperty(refusal, 'data', { value: { code: 'BAD_REQUEST' } });
    const push = vi.fn(async () => Promise.reject(refusal));
    const draft = { ...fresh(), campaignId: 'cmp_1', key: 'cmp_1', syncedAt: 5, editedAt: 5 };
    session = createDraftSession(draft, { storage: localStorage, connection, push });
    session.edit({ content: '<p>late</p>' });
    await vi.advanceTimersByTimeAsync(1_500);
    expect(session.get().phase).toBe('refused');
    expect(draftStatusText(session.get())).toContain('Only drafts and scheduled campaigns can be edited');
    expect(readDraft(localStorage, TENANT, 'cmp_1')?.content).toBe('<p>late</p>');
  });

  it('writes the last keystrokes when the window is closed', () => {
    const push = vi.fn(() => new Promise<{ campaignId: string }>(() => undefined));
    const draft = fresh();
    session = createDraftSession(draft, { storage: localStorage, connection, push, localDelayMs: 1_000 });
    session.edit({ content: '<p>last words</p>' });
    window.dispatchEvent(new Event('pagehide'));
    expect(readDraft(localStorage, TENANT, draft.key)?.content).toBe('<p>last words</p>');
  });
});

describe('which copy to open', () => {
  const server = { subject: 's', content: 'c', audience: 'all_members', updatedAt: 100 };
  it('opens the local copy only when it holds newer unsynced edits', () => {
    expect(pickStartingDraft(null, server)).toBe('server');
    expect(pickStartingDraft({ ...fresh(), editedAt: 200, syncedAt: 50 }, server)).toBe('local');
    expect(pickStartingDraft({ ...fresh(), editedAt: 80, syncedAt: 50 }, server)).toBe('server');
    expect(pickStartingDraft({ ...fresh(), editedAt: 200, syncedAt: 200 }, server)).toBe('server');
    expect(pickStartingDraft({ ...fresh(), editedAt: 1 }, null)).toBe('local');
  });
});
