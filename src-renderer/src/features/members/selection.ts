import type { MemberFilter } from './member-filter';
import { cleanFilter } from './member-filter';

/** The server takes at most this many ids in one selection; beyond it, act on the filter. */
export const MAX_SELECTED = 10_000;

/**
 * What the owner has ticked: some members by id (with the row a shift-click range starts from),
 * or "everything matching" a filter, which the server resolves itself however many that is.
 */
export type Selection =
  | { mode: 'ids'; ids: ReadonlySet<string>; anchor: number | null }
  | { mode: 'all'; filter: MemberFilter; total: number };

export const EMPTY_SELECTION: Selection = { mode: 'ids', ids: new Set(), anchor: null };

export type MemberTarget = { userIds: string[] } | { filter: MemberFilter };

export function selectedCount(selection: Selection): number {
  return selection.mode === 'all' ? selection.total : selection.ids.size;
}

export function isSelected(selection: Selection, userId: string): boolean {
  return selection.mode === 'all' || selection.ids.has(userId);
}

/**
 * A click on one row's box. Unticking a row while "all matching" is on keeps the rows the owner
 * can see (the loaded ones) and drops that one: what is shown ticked stays ticked.
 */
export function toggle(selection: Selection, userId: string, index: number, loaded: () => { userId: string }[]): Selection {
  if (selection.mode === 'all') {
    const ids = new Set(loaded().map((r) => r.userId).slice(0, MAX_SELECTED));
    ids.delete(userId);
    return { mode: 'ids', ids, anchor: index };
  }
  const ids = new Set(selection.ids);
  if (ids.has(userId)) ids.delete(userId);
  else if (ids.size < MAX_SELECTED) ids.add(userId);
  return { mode: 'ids', ids, anchor: index };
}

/** A shift-click: every row from the anchor to this one takes the state the clicked row gets. */
export function toggleRange(selection: Selection, rows: { userId: string }[], index: number, select: boolean): Selection {
  const ids = new Set(selection.mode === 'ids' ? selection.ids : []);
  for (const row of rows) {
    if (!select) ids.delete(row.userId);
    else if (ids.size < MAX_SELECTED) ids.add(row.userId);
  }
  return { mode: 'ids', ids, anchor: index };
}

/** Ticks or unticks the given rows (the header box ticks what is loaded). */
export function setMany(selection: Selection, rows: { userId: string }[], select: boolean): Selection {
  return toggleRange(selection, rows, selection.mode === 'ids' ? (selection.anchor ?? 0) : 0, select);
}

export function selectAllMatching(filter: MemberFilter, total: number): Selection {
  return { mode: 'all', filter: cleanFilter(filter), total };
}

/** What members.bulk.start and members.export act on. */
export function targetOf(selection: Selection): MemberTarget {
  return selection.mode === 'all' ? { filter: selection.filter } : { userIds: [...selection.ids] };
}
