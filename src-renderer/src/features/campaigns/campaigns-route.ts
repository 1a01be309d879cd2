import { useSyncExternalStore } from 'react';

/** `#/campaigns` → null (the list); `#/campaigns/cmp_…` or `#/campaigns/new:…` → that draft's key. */
export function campaignKeyFromHash(hash: string): string | null {
  const m = /^#\/?campaigns\/([^/?#]+)/.exec(hash);
  return m ? decodeURIComponent(m[1]!) : null;
}

export function campaignHref(key: string | null): string {
  return key ? `#/campaigns/${encodeURIComponent(key)}` : '#/campaigns';
}

function subscribe(onChange: () => void) {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useCampaignKey(): string | null {
  return useSyncExternalStore(subscribe, () => campaignKeyFromHash(window.location.hash));
}

export function openCampaign(key: string | null): void {
  window.location.hash = campaignHref(key);
}
