import { useSyncExternalStore } from 'react';
import type { TenantSummary } from '../../api/types';
import { useApiQuery } from '../../api/use-api-query';
import { Tabs } from '../../ui/Tabs';
import { DataSection } from './DataSection';
import { EmailSection } from './EmailSection';
import { PaymentMethodsSection } from './PaymentMethodsSection';
import { ProvidersSection } from './ProvidersSection';
import { NotificationsSection } from './NotificationsSection';
import { RealtimeSection } from './RealtimeSection';
import { TAB_LABELS, tabFromHash, visibleTabs, type SettingsTab } from './settings-api';
import { TokensSection } from './TokensSection';
import { TeamSection } from './TeamSection';
import './settings.css';
import { LoadFailed } from '../../ui/LoadFailed';

function subscribe(onChange: () => void) {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** Settings: console-wide sections for the console owner, this community's for its ADMINs. */
export function SettingsPage({ tenant }: { tenant: TenantSummary }) {
  const overview = useApiQuery(`settings-overview:${tenant.id}`, (api, signal) => api.settings.overview.query(undefined, { signal }));
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  const o = overview.data;
  if (!o) {
    return (
      <div className="page">
        <header className="page-header">
          <h1 className="page-title">Settings</h1>
        </header>
        {overview.error !== undefined && <LoadFailed what="Settings" error={overview.error} />}
      </div>
    );
  }
  const tab = tabFromHash(hash, o.isConsoleOwner);
  const tabs = visibleTabs(o.isConsoleOwner).map((value) => ({ value, label: TAB_LABELS[value] }));
  const go = (next: SettingsTab) => window.location.replace(`#/settings/${next}`);
  return (
    <div className="page page-settings">
      <header className="page-header">
        <div>
          <h1 className="page-title">Settings</h1>
          <p className="page-subtitle">
            {o.isConsoleOwner ? `Console-wide keys and data, and ${tenant.name}'s own settings.` : `${tenant.name}'s settings. Console-wide keys are managed by the console owner.`}
          </p>
        </div>
      </header>
      <Tabs label="Settings sections" idPrefix="settings" tabs={tabs} value={tab} onChange={go} />
      <div className="settings-panel" role="tabpanel" id={`settings-panel-${tab}`} aria-labelledby={`settings-tab-${tab}`}>
        {tab === 'providers' && <ProvidersSection />}
        {tab === 'payments' && <PaymentMethodsSection />}
        {tab === 'email' && <EmailSection />}
        {tab === 'realtime' && <RealtimeSection />}
        {tab === 'notifications' && <NotificationsSection />}
        {tab === 'tokens' && <TokensSection />}
        {tab === 'data' && <DataSection isOwner={o.isConsoleOwner} />}
        {tab === 'team' && <TeamSection overview={o} />}
      </div>
    </div>
  );
}
