import { isTransportFailure, messageOf } from '../../api/errors';
import type { ConnectionStore } from '../../stores/connection';
import { removeDraft, writeDraft, type DraftFields, type DraftStorage, type LocalDraft } from './draft-store';

export type DraftPhase =
  /** Nothing changed since the core confirmed it. */
  | 'saved'
  /** Changed; on this computer (or about to be) and waiting for the core. */
  | 'pending'
  | 'syncing'
  /** The core cannot be reached; saved on this computer, sent when it is back. */
  | 'offline'
  /** The core refused the draft (say why); the local copy is kept. */
  | 'refused';

export interface DraftSessionState {
  draft: LocalDraft;
  phase: DraftPhase;
  /** When the last edit reached this computer's storage (ms), or null before the first write. */
  localSavedAt: number | null;
  error: string | null;
}

export interface DraftSessionDeps {
  storage: DraftStorage;
  connection: ConnectionStore;
  /** Saves the draft on the core: creates it when it has no id yet. Returns the campaign id. */
  push: (draft: LocalDraft) => Promise<{ campaignId: string }>;
  now?: () => number;
  /** Delay before an edit is written locally (ms). */
  localDelayMs?: number;
  /** Delay before a burst of edits is sent to the core (ms). */
  syncDelayMs?: number;
  /** While offline, try again this often even if no one tells us the connection is back (ms). */
  retryMs?: number;
}

export interface DraftSession {
  get(): DraftSessionState;
  subscribe(listener: () => void): () => void;
  edit(patch: Partial<DraftFields>): void;
  /** Replaces the fields from outside (a restored version) without counting as a new edit to send. */
  replace(fields: DraftFields, confirmedAt: number): void;
  /** Writes locally now and sends now (Save button, leaving the page). */
  flush(): Promise<void>;
  /** Watches the connection and the window again after dispose() (React may unmount and mount again). */
  start(): void;
  /** Writes what is pending locally and stops timers and listeners. */
  dispose(): void;
}

export function createDraftSession(initial: LocalDraft, deps: DraftSessionDeps): DraftSession {
  const now = deps.now ?? Date.now;
  const localDelay = deps.localDelayMs ?? 400;
  const syncDelay = deps.syncDelayMs ?? 1_200;
  const retryMs = deps.retryMs ?? 15_000;
  const listeners = new Set<() => void>();
  let state: DraftSessionState = {
    draft: initial,
    phase: initial.syncedAt !== null && initial.editedAt <= initial.syncedAt ? 'saved' : 'pending',
    localSavedAt: null,
    error: null,
  };
  let localTimer: ReturnType<typeof setTimeout> | null = null;
  let syncTimer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: Promise<void> | null = null;
  let disposed = false;

  function set(patch: Partial<DraftSessionState>) {
    state = { ...state, ...patch };
    for (const l of listeners) l();
  }

  function writeLocal() {
    if (localTimer) clearTimeout(localTimer);
    localTimer = null;
    writeDraft(deps.storage, state.draft);
    set({ localSavedAt: now() });
  }

  function scheduleSync(delay: number) {
    if (syncTimer) clearTimeout(syncTimer);
    syncTimer = setTimeout(() => {
      syncTimer = null;
      void sync();
    }, delay);
  }

  async function sync(): Promise<void> {
    if (disposed) return;
    if (inFlight) {
      // A send is under way; look again when it is done (it may have sent an older edit).
      await inFlight;
      return sync();
    }
    const sent = state.draft;
    if (sent.syncedAt !== null && sent.editedAt <= sent.syncedAt) return;
    if (deps.connection.getState().status === 'offline') {
      set({ phase: 'offline', error: null });
      scheduleSync(retryMs);
      return;
    }
    set({ phase: 'syncing', error: null });
    inFlight = (async () => {
      try {
        const { campaignId } = await deps.push(sent);
        const current = state.draft;
        const oldKey = current.key;
        const next: LocalDraft = { ...current, campaignId, key: campaignId, syncedAt: sent.editedAt };
        if (oldKey !== campaignId) removeDraft(deps.storage, current.tenantId, oldKey);
        state = { ...state, draft: next };
        writeDraft(deps.storage, next);
        const more = next.editedAt > sent.editedAt;
        set({ phase: more ? 'pending' : 'saved', error: null, localSavedAt: now() });
        if (more) scheduleSync(syncDelay);
      } catch (err) {
        if (isTransportFailure(err)) {
          set({ phase: 'offline', error: null });
          scheduleSync(retryMs);
        } else {
          set({ phase: 'refused', error: messageOf(err) });
        }
      }
    })();
    try {
      await inFlight;
    } finally {
      inFlight = null;
    }
  }

  let stopWatching: (() => void) | null = null;
  function start() {
    if (stopWatching) return;
    disposed = false;
    // When the connection comes back, send what waited.
    const unwatch = deps.connection.subscribe((c, prev) => {
      if (c.status === 'connected' && prev.status !== 'connected' && (state.phase === 'offline' || state.phase === 'pending')) scheduleSync(0);
    });
    // Leaving the page (closing the window, reloading) must not lose the last keystrokes.
    const onHide = () => {
      if (localTimer) writeLocal();
    };
    window.addEventListener('pagehide', onHide);
    window.addEventListener('beforeunload', onHide);
    stopWatching = () => {
      unwatch();
      window.removeEventListener('pagehide', onHide);
      window.removeEventListener('beforeunload', onHide);
    };
    if (state.phase === 'pending' || state.phase === 'offline') scheduleSync(0);
  }
  start();

  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    edit(patch) {
      set({ draft: { ...state.draft, ...patch, editedAt: Math.max(now(), state.draft.editedAt + 1) }, phase: state.phase === 'offline' ? 'offline' : 'pending', error: null });
      // Throttled, not debounced: steady typing still reaches the disk every `localDelay` ms.
      localTimer ??= setTimeout(writeLocal, localDelay);
      syncTimer ??= setTimeout(() => {
        syncTimer = null;
        void sync();
      }, syncDelay);
    },
    replace(fields, confirmedAt) {
      const draft = { ...state.draft, ...fields, editedAt: confirmedAt, syncedAt: confirmedAt };
      state = { ...state, draft };
      writeLocal();
      set({ phase: 'saved', error: null });
    },
    async flush() {
      if (localTimer) writeLocal();
      if (syncTimer) clearTimeout(syncTimer);
      syncTimer = null;
      await sync();
    },
    start,
    dispose() {
      disposed = true;
      if (localTimer) writeLocal();
      if (syncTimer) clearTimeout(syncTimer);
      syncTimer = null;
      stopWatching?.();
      stopWatching = null;
    },
  };
}

/** What the owner reads next to the editor. */
export function draftStatusText(s: DraftSessionState): string {
  switch (s.phase) {
    case 'saved':
      return 'All changes saved';
    case 'syncing':
      return 'Saving…';
    case 'pending':
      return s.localSavedAt ? 'Saved on this computer' : 'Editing…';
    case 'offline':
      return 'Offline: saved on this computer, will sync when the console is reachable';
    case 'refused':
      return `Not saved to the console: ${s.error ?? 'it refused the draft'}. Your text is kept on this computer.`;
  }
}

/** Saves what is typed and answers whether the core has it now (the server-side actions need it). */
export async function ensureSaved(session: DraftSession): Promise<string | null> {
  await session.flush();
  const s = session.get();
  if (s.phase !== 'saved' || !s.draft.campaignId) return null;
  return s.draft.campaignId;
}
