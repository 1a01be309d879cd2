import { Fragment } from 'react';
import { Icon } from '../../ui/Icon';
import { Pill } from '../../ui/Pill';
import { AtLimitBadge } from './AtLimitBadge';
import { formatPrice } from './money';
import { saleBadge } from './sale-badge';
import { SyncFailure, SyncPill } from './SyncStatus';
import { INTERVAL_LABEL, statusOf, type PackageView } from './types';
import type { usePackageActions } from './use-package-actions';

const STATUS = {
  active: { label: 'Active', tone: 'success' },
  inactive: { label: 'Inactive', tone: 'neutral' },
  archived: { label: 'Archived', tone: 'warning' },
} as const;

type Actions = ReturnType<typeof usePackageActions>;

/** Every package, with what it costs, whether it is on sale, and whether the provider has it. */
export function PackageList({ packages, actions, onEdit, onDelete, now }: { packages: PackageView[]; actions: Actions; onEdit: (p: PackageView) => void; onDelete: (p: PackageView) => void; now: number }) {
  return (
    <table className="package-table">
      <thead>
        <tr>
          <th scope="col">Package</th>
          <th scope="col">Price</th>
          <th scope="col">Status</th>
          <th scope="col">Sync</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {packages.map((p) => {
          const status = STATUS[statusOf(p)];
          const busy = actions.busy[p.id];
          const badge = saleBadge(p, now);
          const failed = p.syncState === 'failed';
          const toggle = p.isActive ? 'Deactivate' : p.archivedAt ? 'Restore' : 'Activate';
          return (
            <Fragment key={p.id}>
              <tr className={failed ? 'package-row has-failure' : 'package-row'} data-testid="package-row" data-package-id={p.id}>
                <th scope="row" className="package-name-cell">
                  <span className="package-name">
                    {p.name}
                    {p.isPopular && (
                      <span className="package-popular" title="Most popular">
                        <Icon name="sparkle" size={12} /> Popular
                      </span>
                    )}
                  </span>
                  <span className="package-meta">
                    {INTERVAL_LABEL[p.interval].adjective}
                    {p.description && ` · ${p.description}`}
                  </span>
                  <AtLimitBadge count={p.membersAtLimit} />
                </th>
                <td className="package-price-cell">
                  <span className="package-price">
                    {formatPrice(p.effectivePrice, p.currency)}
                    {p.saleState === 'active' && <s className="package-price-regular">{formatPrice(p.price, p.currency)}</s>}
                    <span className="package-per">/{INTERVAL_LABEL[p.interval].per}</span>
                  </span>
                  {badge && (
                    <Pill tone={badge.tone} title={badge.title}>
                      {badge.text}
                    </Pill>
                  )}
                </td>
                <td>
                  <Pill tone={status.tone}>{status.label}</Pill>
                </td>
                <td>
                  <SyncPill pkg={p} />
                </td>
                <td className="package-actions">
                  <button type="button" className="button button-small" onClick={() => onEdit(p)} aria-label={`Edit ${p.name}`}>
                    Edit
                  </button>
                  <button type="button" className="button button-small" onClick={() => void actions.toggleActive(p)} disabled={Boolean(busy)} aria-label={`${toggle} ${p.name}`}>
                    {busy === 'toggle' ? 'Saving…' : toggle}
                  </button>
                  <button type="button" className="button button-small button-danger-quiet" onClick={() => onDelete(p)} disabled={Boolean(busy)} aria-label={`Delete ${p.name}`}>
                    {busy === 'delete' ? 'Deleting…' : 'Delete'}
                  </button>
                </td>
              </tr>
              {failed && (
                <tr className="package-failure-row">
                  <td colSpan={5}>
                    <SyncFailure pkg={p} busy={busy === 'retry'} onRetry={() => void actions.retry(p)} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

export function PackageListLoading({ rows = 3 }: { rows?: number }) {
  return (
    <table className="package-table" aria-busy="true" aria-label="Packages loading">
      <tbody>
        {Array.from({ length: rows }, (_, i) => (
          <tr key={i} className="package-row">
            <td>
              <span className="skeleton" style={{ width: `${110 + i * 30}px` }} />
              <span className="skeleton skeleton-line" style={{ width: `${180 - i * 20}px` }} />
            </td>
            <td>
              <span className="skeleton" style={{ width: 70 }} />
            </td>
            <td>
              <span className="skeleton skeleton-pill" />
            </td>
            <td>
              <span className="skeleton skeleton-pill" />
            </td>
            <td />
          </tr>
        ))}
      </tbody>
    </table>
  );
}
