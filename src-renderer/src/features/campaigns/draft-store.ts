/**
 * Offline drafting: every edit is written to this computer's storage within a moment (well inside
 * the 2 s the owner may lose to a crash), then sent to the core when it can be reached. A draft the
 * core has not seen yet lives under a local key ("new:…") until the core gives it an id.
 */

export interface DraftFields {
  subject: string;
  content: string;
  audience: string;
}

export interface LocalDraft extends DraftFields {
  key: string;
  tenantId: string;
  campaignId: string | null;
  /** When the owner last changed it (ms since epoch). */
  editedAt: number;
  /** The edit the core last confirmed (ms), or null when it has never seen this draft. */
  syncedAt: number | null;
}

/** The part of window.localStorage we use (survives a crash or a closed window). */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

const PREFIX = 'tc:campaign-draft:';

const itemKey = (tenantId: string, key: string) => `${PREFIX}${tenantId}:${key}`;

export function newDraftKey(): string {
  return `new:${crypto.randomUUID()}`;
}

export function hasUnsyncedChanges(d: LocalDraft): boolean {
  return d.syncedAt === null || d.editedAt > d.syncedAt;
}

function parse(raw: string | null): LocalDraft | null {
  if (!raw) return null;
  try {
    const d = JSON.parse(raw) as Partial<LocalDraft>;
    if (typeof d.key !== 'string' || typeof d.tenantId !== 'string' || typeof d.content !== 'string') return null;
    return {
      key: d.key,
      tenantId: d.tenantId,
      campaignId: typeof d.campaignId === 'string' ? d.campaignId : null,
      subject: typeof d.subject === 'string' ? d.subject : '',
      content: d.content,
      audience: typeof d.audience === 'string' ? d.audience : 'all_members',
      editedAt: typeof d.editedAt === 'number' ? d.editedAt : 0,
      syncedAt: typeof d.syncedAt === 'number' ? d.syncedAt : null,
    };
  } catch {
    return null; // a damaged entry is not worth failing the page over
  }
}

export function readDraft(storage: DraftStorage, tenantId: string, key: string): LocalDraft | null {
  return parse(storage.getItem(itemKey(tenantId, key)));
}

export function writeDraft(storage: DraftStorage, draft: LocalDraft): void {
  storage.setItem(itemKey(draft.tenantId, draft.key), JSON.stringify(draft));
}

export function removeDraft(storage: DraftStorage, tenantId: string, key: string): void {
  storage.removeItem(itemKey(tenantId, key));
}

/** This community's drafts on this computer, newest edit first. */
export function listDrafts(storage: DraftStorage, tenantId: string): LocalDraft[] {
  const out: LocalDraft[] = [];
  const prefix = `${PREFIX}${tenantId}:`;
  for (let i = 0; i < storage.length; i++) {
    const k = storage.key(i);
    if (!k?.startsWith(prefix)) continue;
    const d = parse(storage.getItem(k));
    if (d) out.push(d);
  }
  return out.sort((a, b) => b.editedAt - a.editedAt);
}

/** Drafts with changes the core has not confirmed: shown on the list as "saved on this computer". */
export function listUnsynced(storage: DraftStorage, tenantId: string): LocalDraft[] {
  return listDrafts(storage, tenantId).filter(hasUnsyncedChanges);
}

/**
 * What to open: the local copy when it holds edits the core has not confirmed and is newer than
 * the core's own copy; otherwise the core's.
 */
export function pickStartingDraft(local: LocalDraft | null, server: (DraftFields & { updatedAt: number }) | null): 'local' | 'server' {
  if (!server) return 'local';
  if (!local || !hasUnsyncedChanges(local)) return 'server';
  return local.editedAt >= server.updatedAt ? 'local' : 'server';
}
