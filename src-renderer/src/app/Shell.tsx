import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect } from 'react';
import { usePushInvalidation } from '../api/push';
import { useTRPC } from '../api/query';
import type { TenantSummary } from '../api/types';
import { useApiQuery } from '../api/use-api-query';
import { EmptyState } from '../ui/EmptyState';
import { NoTenantScreen } from './NoTenantScreen';
import { useRoute } from './routes';
import { useServices, useSession } from './services';
import { Sidebar } from './Sidebar';
import { LoadFailed } from '../ui/LoadFailed';

// Each page is its own chunk: the first paint loads the shell and the page on screen, not all six.
const CampaignsPage = lazy(() => import('../features/campaigns').then((m) => ({ default: m.CampaignsPage })));
const AutomationsPage = lazy(() => import('../features/automations').then((m) => ({ default: m.AutomationsPage })));
const AnalyticsPage = lazy(() => import('../features/analytics').then((m) => ({ default: m.AnalyticsPage })));
const DashboardPage = lazy(() => import('../features/dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const MembersPage = lazy(() => import('../features/members/MembersPage').then((m) => ({ default: m.MembersPage })));
const PackagesPage = lazy(() => import('../features/packages/PackagesPage').then((m) => ({ default: m.PackagesPage })));
const SpacesPage = lazy(() => import('../features/community').then((m) => ({ default: m.SpacesPage })));
const SettingsPage = lazy(() => import('../features/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })));
const WebhooksPage = lazy(() => import('../features/webhooks/WebhooksPage').then((m) => ({ default: m.WebhooksPage })));

/** Signed in (or on the desktop): find the tenant to show, then lay out sidebar and page. */
export function Shell() {
  const { session } = useServices();
  const mode = useSession((s) => s.mode);
  const tenantId = useSession((s) => s.tenantId);
  // Through the query cache: pushed member changes refresh the sidebar's member count.
  const tenants = useQuery(useTRPC().tenants.list.queryOptions());
  const reload = () => void tenants.refetch();
  const list = tenants.data;
  const current = list?.find((t) => t.id === tenantId);

  // The desktop remembers the last tenant; on first start (or if it is gone) take the first one.
  useEffect(() => {
    if (mode === 'desktop' && list?.[0] && !current) session.getState().switchTenant(list[0].id);
  }, [mode, list, current, session]);

  if (tenants.error && !list) {
    return (
      <div className="full-page">
        <LoadFailed what="The console" error={tenants.error} onRetry={reload} />
      </div>
    );
  }
  if (list && list.length === 0) return <NoTenantScreen onCreated={reload} />;
  if (list && !current && mode === 'browser') {
    // The token names a tenant this user no longer belongs to; only a new token helps.
    return (
      <div className="full-page">
        <EmptyState
          icon="key"
          title="This sign-in is for a community you are not in"
          actions={
            <button type="button" className="button" onClick={() => session.getState().signOut()}>
              Sign in again
            </button>
          }
        >
          Ask for a new sign-in link, or create a token with <code>tenant-console token create</code>.
        </EmptyState>
      </div>
    );
  }
  if (!list || !current) return <ShellSkeleton />;
  return <Workspace key={current.id} tenant={current} tenants={list} />;
}

function Workspace({ tenant, tenants }: { tenant: TenantSummary; tenants: TenantSummary[] }) {
  const route = useRoute();
  const user = useApiQuery(`me:${tenant.id}`, (api, signal) => api.users.getCurrentUser.query(undefined, { signal }));
  // While the workspace is open, the core's pushed changes keep its queries current.
  usePushInvalidation();

  useEffect(() => {
    document.title = `${titleOf(route)} · ${tenant.name} · Tenant Console`;
  }, [route, tenant.name]);

  return (
    <div className="shell">
      <Sidebar route={route} tenant={tenant} tenants={tenants} user={user.data} userLoading={user.loading} />
      <main className="main" id="main">
        <Suspense fallback={<PageLoading />}>
          {route === 'dashboard' && <DashboardPage tenant={tenant} user={user.data} />}
          {route === 'members' && <MembersPage tenantSlug={tenant.slug} />}
          {route === 'packages' && <PackagesPage tenant={tenant} />}
          {route === 'analytics' && <AnalyticsPage tenant={tenant} />}
          {route === 'spaces' && <SpacesPage tenant={tenant} />}
          {route === 'webhooks' && <WebhooksPage tenant={tenant} />}
          {route === 'settings' && <SettingsPage tenant={tenant} />}
          {route === 'automations' && <AutomationsPage tenant={tenant} />}
          {route === 'campaigns' && <CampaignsPage tenant={tenant} />}
        </Suspense>
      </main>
    </div>
  );
}

/** While a page's chunk loads (a moment, the first time the page is opened). */
function PageLoading() {
  return (
    <p className="muted" role="status">
      Loading…
    </p>
  );
}

function titleOf(route: string): string {
  return route.charAt(0).toUpperCase() + route.slice(1);
}

function ShellSkeleton() {
  return (
    <div className="shell" aria-busy="true">
      <aside className="sidebar">
        <div className="tenant-button is-skeleton">
          <span className="skeleton skeleton-mark" />
          <span className="skeleton" style={{ width: '60%' }} />
        </div>
        <div className="nav">
          {Array.from({ length: 6 }, (_, i) => (
            <span key={i} className="skeleton skeleton-nav" />
          ))}
        </div>
      </aside>
      <main className="main" />
    </div>
  );
}
