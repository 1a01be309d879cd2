import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ApiClient } from '../../api/types';
import { useServices } from '../../app/services';
import type { MemberDetailView } from './types';

export interface CatalogItem {
  id: string;
  name: string;
  /** A space's type, a package's interval: a hint shown after the name. */
  hint?: string;
}

export interface CatalogSnapshot {
  groups: CatalogItem[];
  spaces: CatalogItem[];
  packages: CatalogItem[];
}

/**
 * The groups, spaces and packages the pickers offer. Packages come from packages.list. There is
 * no procedure that lists a tenant's groups and spaces yet, so they are learnt from every member
 * detail the page reads (the drawer, and a short probe of a few members when the page opens).
 */
export function createMemberCatalog() {
  const listeners = new Set<() => void>();
  const groups = new Map<string, CatalogItem>();
  const spaces = new Map<string, CatalogItem>();
  let packages: CatalogItem[] = [];
  let snapshot: CatalogSnapshot = { groups: [], spaces: [], packages: [] };

  const byName = (a: CatalogItem, b: CatalogItem) => a.name.localeCompare(b.name);
  function publish() {
    snapshot = { groups: [...groups.values()].sort(byName), spaces: [...spaces.values()].sort(byName), packages };
    for (const listener of listeners) listener();
  }

  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    learn(detail: Pick<MemberDetailView, 'groups' | 'spaces'>) {
      let changed = false;
      for (const g of detail.groups) {
        if (groups.get(g.id)?.name !== g.name) {
          groups.set(g.id, { id: g.id, name: g.name });
          changed = true;
        }
      }
      for (const s of detail.spaces) {
        if (spaces.get(s.id)?.name !== s.name) {
          spaces.set(s.id, { id: s.id, name: s.name, hint: s.type.toLowerCase() });
          changed = true;
        }
      }
      if (changed) publish();
    },
    setPackages(list: CatalogItem[]) {
      packages = [...list].sort(byName);
      publish();
    },
  };
}
export type MemberCatalog = ReturnType<typeof createMemberCatalog>;

/** Members whose details are read once to learn the groups and spaces (admins are in every space). */
const PROBES: Parameters<ApiClient['members']['list']['query']>[0][] = [
  { role: 'ADMIN', limit: 3 },
  { tier: 'paid', limit: 6, sort: { field: 'lastActiveAt' } },
  { limit: 4, sort: { field: 'joinedAt', direction: 'asc' } },
  { tier: 'comped', limit: 2 },
];

export function useMemberCatalog(tenantKey: string | undefined): { catalog: MemberCatalog; snapshot: CatalogSnapshot } {
  const { api } = useServices();
  const [catalog] = useState(createMemberCatalog);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    Promise.resolve()
      .then(() => api.packages.list.query(undefined, { signal }))
      .then(
        (list) => catalog.setPackages(list.map((p) => ({ id: p.id, name: p.name, hint: p.interval === 'year' ? 'yearly' : 'monthly' }))),
        () => undefined, // The package filter then offers nothing; the rest of the page works.
      );
    // One member at a time, in the background: the list's own requests come first.
    void (async () => {
      const seen = new Set<string>();
      for (const probe of PROBES) {
        const page = await Promise.resolve()
          .then(() => api.members.list.query(probe, { signal }))
          .catch(() => null);
        for (const item of page?.items ?? []) {
          if (signal.aborted) return;
          if (seen.has(item.userId)) continue;
          seen.add(item.userId);
          const detail = await api.members.get.query({ userId: item.userId }, { signal }).catch(() => null);
          if (detail) catalog.learn(detail);
        }
      }
    })();
    return () => controller.abort();
  }, [api, catalog, tenantKey]);

  const snapshot = useSyncExternalStore(catalog.subscribe, catalog.getSnapshot);
  return { catalog, snapshot };
}
