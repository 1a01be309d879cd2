import { useSyncExternalStore } from 'react';

export const ROUTES = ['dashboard', 'members', 'packages', 'analytics', 'spaces', 'campaigns', 'automations', 'webhooks', 'settings'] as const;
export type Route = (typeof ROUTES)[number];

/** `#/members` → "members"; anything unknown lands on the dashboard. */
export function routeFromHash(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return ROUTES.find((r) => r === name) ?? 'dashboard';
}

export function hrefFor(route: Route): string {
  return `#/${route}`;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** Hash routing: works the same from file:// in Electron and from the headless server. */
export function useRoute(): Route {
  return useSyncExternalStore(subscribe, () => routeFromHash(window.location.hash));
}
