import { useCallback, useState } from 'react';
import type { TenantSummary } from '../../api/types';
import { Toasts } from '../../ui/Toast';
import { CampaignEditorLoader } from './CampaignEditorLoader';
import { CampaignList } from './CampaignList';
import { campaignHref, useCampaignKey } from './campaigns-route';
import './campaigns.css';

/** Campaigns: the list, or one campaign's editor (`#/campaigns/<id or local key>`). */
export function CampaignsPage({ tenant }: { tenant: TenantSummary }) {
  const key = useCampaignKey();
  // A draft written offline gets its id from the core later: the address changes (without a new
  // history entry), the editor stays mounted under its first key.
  const [aliases, setAliases] = useState<Record<string, string>>({});
  const onRenamed = useCallback((from: string, to: string) => {
    setAliases((a) => ({ ...a, [to]: a[from] ?? from }));
    window.history.replaceState(null, '', campaignHref(to));
  }, []);
  const mountKey = key ? (aliases[key] ?? key) : null;
  return (
    <>
      {key && mountKey ? <CampaignEditorLoader key={mountKey} tenantId={tenant.id} draftKey={key} onRenamed={onRenamed} /> : <CampaignList tenantId={tenant.id} />}
      <Toasts />
    </>
  );
}
