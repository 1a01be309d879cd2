import { useState } from 'react';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import type { PackageView } from './types';

/** Asks before deleting, and says up front that a package with subscribers is archived instead. */
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
      <p className="confirm-warning">
        <strong>Packages with subscribers are archived, not deleted:</strong> their subscribers keep their plan and limits, and revenue history stays whole. You can
        restore an archived package later.
      </p>
    </ConfirmDialog>
  );
}
