import { useSyncExternalStore } from 'react';

/** Where in the community area the window is: `#/spaces`, `#/spaces/moderation`, `#/spaces/<spaceId>`. */
export type CommunityView = { kind: 'list' } | { kind: 'moderation' } | { kind: 'space'; spaceId: string };

export function communityViewFrom(hash: string): CommunityView {
  const [, second] = hash.replace(/^#\/?/, '').split(/[?]/)[0]!.split('/');
  if (!second) return { kind: 'list' };
  if (second === 'moderation') return { kind: 'moderation' };
  return { kind: 'space', spaceId: decodeURIComponent(second) };
}

export function hrefForCommunity(view: CommunityView): string {
  if (view.kind === 'list') return '#/spaces';
  if (view.kind === 'moderation') return '#/spaces/moderation';
  return `#/spaces/${encodeURIComponent(view.spaceId)}`;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useCommunityView(): CommunityView {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return communityViewFrom(hash);
}
