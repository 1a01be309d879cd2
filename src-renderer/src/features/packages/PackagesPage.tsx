import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useState } from 'react';
import { messageOf } from '../../api/errors';
import { useTRPC } from '../../api/query';
import type { TenantSummary } from '../../api/types';
import { EmptyState } from '../../ui/EmptyState';
import { Icon } from '../../ui/Icon';
import { Toasts } from '../../ui/Toast';
import { useNow } from '../../ui/use-now';
import { DeletePackageDialog } from './DeletePackageDialog';
import { EditorUnavailable } from './EditorUnavailable';
import { PackageList, PackageListLoading } from './PackageList';
import { PricingPreview } from './PricingPreview';
import type { PackageView } from './types';
import { usePackageActions, type Notice } from './use-package-actions';
import { WhatIfPanel } from './WhatIfPanel';

// The editor brings the shared zod schema with it; load both only when the owner opens it.
const PackageEditor = lazy(() => import('./editor/PackageEditor').catch(() => ({ default: EditorUnavailable })));

export function PackagesPage({ tenant }: { tenant: TenantSummary }) {
  // Read again when the core says packages changed (a provider sync finished, another window
  // saved one): pushed, so a package waiting for its provider needs no polling.
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.packages.list.queryOptions());
  const reload = useCallback(() => void queryClient.invalidateQueries(trpc.packages.list.pathFilter()), [queryClient, trpc]);
  const list = { data: query.data, error: query.error ?? undefined, loading: query.isFetching, reload };
  const actions = usePackageActions(reload);
  const [editing, setEditing] = useState<PackageView | 'new' | null>(null);
  const [deleting, setDeleting] = useState<PackageView | null>(null);
  const now = useNow(60_000);
  const packages = list.data;

  const newButton = (
    <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
      <Icon name="plus" size={15} /> New package
    </button>
  );

  return (
    <div className="page page-packages">
      <header className="page-header">
        <div>
          <h1 className="page-title">Packages</h1>
          <p className="page-subtitle">The tiers members can buy from {tenant.name}: prices, sales and what each tier allows.</p>
        </div>
        {packages && packages.length > 0 && newButton}
      </header>

      {actions.notice && <NoticeBanner notice={actions.notice} onDismiss={() => actions.setNotice(null)} />}

      {list.error !== undefined && !packages ? (
        <EmptyState
          icon="alert"
          tone="danger"
          title="Packages could not be loaded"
          actions={
            <button type="button" className="button" onClick={list.reload}>
              Try again
            </button>
          }
        >
          {messageOf(list.error)}
        </EmptyState>
      ) : packages && packages.length === 0 ? (
        <section className="card">
          <EmptyState icon="packages" title="No packages yet — create your first tier" actions={newButton}>
            A package is a tier members can buy: a monthly or yearly price, the limits it grants, and the features your pricing page lists.
          </EmptyState>
        </section>
      ) : (
        <>
          <section className="card package-list-card" aria-labelledby="package-list-title">
            <header className="card-header">
              <h2 className="card-title" id="package-list-title">
                All packages
              </h2>
              {list.loading && packages && <span className="muted package-refreshing">Updating…</span>}
            </header>
            {packages ? (
              <PackageList packages={packages} actions={actions} onEdit={setEditing} onDelete={setDeleting} now={now} />
            ) : (
              <PackageListLoading />
            )}
          </section>
          <PricingPreview packages={packages} now={now} />
          {packages && <WhatIfPanel packages={packages} />}
        </>
      )}

      {editing && (
        <Suspense fallback={null}>
          <PackageEditor
            pkg={editing === 'new' ? null : editing}
            tenantId={tenant.id}
            defaultInterval="month"
            onClose={() => setEditing(null)}
            onSaved={({ created, package: saved }) => {
              setEditing(null);
              actions.setNotice({ tone: 'success', text: created ? `${saved.name} was created.` : `${saved.name} was saved.` });
              list.reload();
            }}
          />
        </Suspense>
      )}
      {deleting && <DeletePackageDialog pkg={deleting} onDelete={(onFailure) => actions.remove(deleting, onFailure)} onClose={() => setDeleting(null)} />}
      <Toasts />
    </div>
  );
}

function NoticeBanner({ notice, onDismiss }: { notice: Notice; onDismiss: () => void }) {
  return (
    <div className={`banner banner-${notice.tone} package-notice`} role={notice.tone === 'danger' ? 'alert' : 'status'} data-testid="package-notice">
      <Icon name={notice.tone === 'danger' ? 'alert' : 'check'} size={15} />
      <span>{notice.text}</span>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={onDismiss}>
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}
