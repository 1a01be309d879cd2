import { useState } from 'react';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { pluralise } from '../../ui/format';
import type { PackageView } from './types';

/** Asks before deleting, saying how many subscribe to it and that a package with subscribers is archived instead. */
export function DeletePackageDialog({ pkg, onDelete, onClose }: { pkg: PackageView; onDelete: (onFailure: (message: string) => void) => Promise<boolean>; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setProblem(null);
    const done = await onDelete(setProblem);
    setBusy(false);
    if (done) onClose();
  }

  return (
    <ConfirmDialog title={`Delete ${pkg.name}?`} confirmLabel="Delete package" busy={busy} problem={problem} onConfirm={() => void confirm()} onCancel={onClose}>
      <p>It leaves the pricing page and can no longer be bought.</p>
      {pkg.subscribers > 0 ? (
        <p className="confirm-warning" data-testid="delete-subscribers">
          <strong>
            {pluralise(pkg.subscribers, 'member')} {pkg.subscribers === 1 ? 'subscribes' : 'subscribe'} to {pkg.name},
          </strong>{' '}
          so it is archived, not deleted: they keep their plan, limits and billing, and revenue history stays whole. You
          can restore an archived package later.
        </p>
      ) : (
        <p className="muted" data-testid="delete-subscribers">
          Nobody subscribes to it now. If anyone ever did, it is archived rather than deleted, so that their history stays whole.
        </p>
      )}
    </ConfirmDialog>
  );
}
