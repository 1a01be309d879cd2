import { useEffect, useState, useSyncExternalStore } from 'react';
import { useServices } from '../../app/services';

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
 * The groups, spaces and packages the pickers offer: groups.list, spaces.list and packages.list
 * when the page opens, kept fresh by every member detail the drawer reads (a group created since
 * then shows up as soon as a member in it is opened).
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
    learn(detail: { groups: readonly { id: string; name: string }[]; spaces: readonly { id: string; name: string; type: string }[] }) {
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
    Promise.all([api.groups.list.query(undefined, { signal }), api.spaces.list.query(undefined, { signal })]).then(
      ([groups, spaces]) => catalog.learn({ groups, spaces }),
      () => undefined, // The pickers then offer what the drawer learns; the rest of the page works.
    );
    return () => controller.abort();
  }, [api, catalog, tenantKey]);

  const snapshot = useSyncExternalStore(catalog.subscribe, catalog.getSnapshot);
  return { catalog, snapshot };
}
