import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { usePushInvalidation } from '../api/push';
import { useTRPC } from '../api/query';
import type { TenantSummary } from '../api/types';
import { useApiQuery } from '../api/use-api-query';
import { ComingSoonPage } from '../features/coming-soon/ComingSoonPage';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { MembersPage } from '../features/members/MembersPage';
import { PackagesPage } from '../features/packages/PackagesPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { WebhooksPage } from '../features/webhooks/WebhooksPage';
import { EmptyState } from '../ui/EmptyState';
import { NoTenantScreen } from './NoTenantScreen';
import { useRoute } from './routes';
import { useServices, useSession } from './services';
import { Sidebar } from './Sidebar';
import { LoadFailed } from '../ui/LoadFailed';

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
        {route === 'dashboard' && <DashboardPage tenant={tenant} user={user.data} />}
        {route === 'members' && <MembersPage tenantSlug={tenant.slug} />}
        {route === 'packages' && <PackagesPage tenant={tenant} />}
        {route === 'webhooks' && <WebhooksPage tenant={tenant} />}
        {route === 'settings' && <SettingsPage tenant={tenant} />}
        {route === 'campaigns' && <ComingSoonPage area={route} />}
      </main>
    </div>
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
