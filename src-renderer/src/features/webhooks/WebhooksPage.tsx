import type { TenantSummary } from '../../api/types';
import { Tabs } from '../../ui/Tabs';
import { BackgroundWork } from './BackgroundWork';
import { EndpointsTab } from './endpoints/EndpointsTab';
import { EventsTab } from './inbound/EventsTab';
import { ForwardingTab } from './forwarding/ForwardingTab';
import { LabTab } from './lab/LabTab';
import { SyncStateCard } from './sync/SyncStatus';
import { useLabAccess } from './use-lab-access';
import { goTo, useWebhooksLocation, type WebhooksTab } from './webhooks-route';

const TABS = [
  { value: 'events', label: 'Events' },
  { value: 'lab', label: 'Lab' },
  { value: 'forwarding', label: 'Forwarding' },
  { value: 'endpoints', label: 'Endpoints' },
] as const satisfies readonly { value: WebhooksTab; label: string }[];

/** A tenant ADMIN who is not the console owner: their lab signs with a lab secret, to their URLs. */
const TENANT_ADMIN_SUBTITLE: Partial<Record<WebhooksTab, string>> = {
  lab: 'Compose a provider event signed with your lab secret and send it to your own app.',
  forwarding: 'Forwarding, catch-up and signing secrets belong to the console owner.',
};

const SUBTITLE: Record<WebhooksTab, string> = {
  events: 'Every Stripe and Lemon Squeezy event this console receives, as it arrives, and what it changed.',
  lab: 'Compose a signed provider event and send it to this console or to your own app.',
  forwarding: 'Where received events go next, the secrets they are checked with, and catching up on missed ones.',
  endpoints: 'The webhooks this console sends to your own tools when members join, pay or leave.',
};

export function WebhooksPage({ tenant }: { tenant: TenantSummary }) {
  const { tab, eventId } = useWebhooksLocation();
  const access = useLabAccess();
  const subtitle = (access && !access.consoleOwner && TENANT_ADMIN_SUBTITLE[tab]) || SUBTITLE[tab];
  return (
    <div className={tab === 'events' ? 'page page-webhooks is-fill' : 'page page-webhooks'}>
      <header className="page-header">
        <div>
          <h1 className="page-title">Webhooks</h1>
          <p className="page-subtitle">{subtitle}</p>
        </div>
        {access && <BackgroundWork consoleWide={access.consoleOwner} />}
      </header>
      {tab === 'events' && <SyncStateCard consoleOwner={access?.consoleOwner ?? false} />}
      <Tabs label="Webhooks sections" idPrefix="webhooks" tabs={TABS} value={tab} onChange={(next) => goTo(next)} />
      <div className="webhooks-panel" role="tabpanel" id={`webhooks-panel-${tab}`} aria-labelledby={`webhooks-tab-${tab}`}>
        {tab === 'events' && <EventsTab key={tenant.id} selectedId={eventId} onSelect={(id) => goTo('events', id, { replace: true })} />}
        {tab === 'lab' && <LabTab access={access} onOpenEvent={(id) => goTo('events', id)} />}
        {tab === 'forwarding' && <ForwardingTab access={access} />}
        {tab === 'endpoints' && <EndpointsTab />}
      </div>
    </div>
  );
}
