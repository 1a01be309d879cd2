import type { EventPage, EventRow } from '../types';

// The live stream keeps the rows it has shown and folds each poll of the newest page into them:
// new events go on top, changed ones are updated in place, and older pages stay loaded.

export interface StreamRows {
  items: EventRow[];
  /** Where "Load older" continues; null when the oldest event is shown. */
  olderCursor: string | null;
}

export interface Merged extends StreamRows {
  /** Ids that were not shown before this poll, newest first. */
  added: string[];
}

/** Newest first, as the ledger pages: receivedAt, then id. */
function isOlder(a: EventRow, b: EventRow): boolean {
  return a.receivedAt < b.receivedAt || (a.receivedAt === b.receivedAt && a.id < b.id);
}

export function mergeNewest(current: StreamRows | null, page: EventPage): Merged {
  if (!current) return { items: page.items, olderCursor: page.nextCursor, added: [] };
  const known = new Set(current.items.map((row) => row.id));
  const added = page.items.filter((row) => !known.has(row.id)).map((row) => row.id);
  const overlaps = added.length < page.items.length;

  // More new events than one page holds: what we had is no longer contiguous, start again from here.
  if (!overlaps && page.nextCursor && current.items.length > 0) {
    return { items: page.items, olderCursor: page.nextCursor, added };
  }
  // The page is the truth down to its oldest row: rows in that range it no longer has left the filter.
  const inPage = new Set(page.items.map((row) => row.id));
  const oldest = page.items[page.items.length - 1];
  const kept = page.nextCursor && oldest ? current.items.filter((row) => !inPage.has(row.id) && isOlder(row, oldest)) : [];
  return { items: [...page.items, ...kept], olderCursor: page.nextCursor ? current.olderCursor : null, added };
}

/** The next older page, appended below what is shown. */
export function appendOlder(current: StreamRows, page: EventPage): StreamRows {
  const known = new Set(current.items.map((row) => row.id));
  return { items: [...current.items, ...page.items.filter((row) => !known.has(row.id))], olderCursor: page.nextCursor };
}
