import { useState } from 'react';
import { messageOf } from '../../api/errors';
import { useServices } from '../../app/services';
import { offerUndo } from '../../ui/Toast';
import type { DeleteOutcome, PackageView } from './types';

export interface Notice {
  tone: 'success' | 'info' | 'danger';
  text: string;
}

type Busy = 'toggle' | 'retry' | 'delete';

/** The list's row actions: each reports what happened in one sentence and reloads the list. */
export function usePackageActions(reload: () => void) {
  const { api } = useServices();
  const [busy, setBusy] = useState<Record<string, Busy>>({});
  const [notice, setNotice] = useState<Notice | null>(null);

  async function run<T>(p: PackageView, kind: Busy, action: () => Promise<T>, report: (result: T) => Notice, failure: (err: unknown) => Notice | null): Promise<boolean> {
    setBusy((b) => ({ ...b, [p.id]: kind }));
    try {
      setNotice(report(await action()));
      reload();
      return true;
    } catch (err) {
      setNotice(failure(err));
      return false;
    } finally {
      setBusy(({ [p.id]: _, ...rest }) => rest);
    }
  }

  return {
    busy,
    notice,
    setNotice,

    toggleActive: async (p: PackageView) => {
      const ok = await run(
        p,
        'toggle',
        () => api.packages.upsert.mutate({ id: p.id, isActive: !p.isActive }),
        ({ package: after }) =>
          after.isActive
            ? { tone: 'success', text: `${after.name} is active: it is on the pricing page${p.archivedAt ? ' again' : ''}.` }
            : { tone: 'info', text: `${after.name} is inactive: it is off the pricing page; its subscribers keep their plan.` },
        (err) => ({ tone: 'danger', text: `${p.name} could not be ${p.isActive ? 'deactivated' : 'activated'}: ${messageOf(err)}` }),
      );
      // Deactivating takes a package off the pricing page at once: offer it back for a while.
      if (ok && p.isActive) {
        offerUndo(`${p.name} is inactive and off the pricing page.`, async () => {
          await api.packages.upsert.mutate({ id: p.id, isActive: true });
          setNotice(null);
          reload();
        }, `${p.name} is active again.`);
      }
      return ok;
    },

    retry: (p: PackageView) =>
      run(
        p,
        'retry',
        () => api.packages.retrySync.mutate({ id: p.id }),
        () => ({ tone: 'info', text: `Sync of ${p.name} queued again; its state updates when the provider answers.` }),
        (err) => ({ tone: 'danger', text: `Sync of ${p.name} could not be retried: ${messageOf(err)}` }),
      ),

    /** Resolves to whether it worked; the dialog shows a failure itself. */
    remove: (p: PackageView, onFailure: (message: string) => void) =>
      run<DeleteOutcome>(
        p,
        'delete',
        () => api.packages.delete.mutate({ id: p.id }),
        (result) =>
          'archived' in result
            ? { tone: 'info', text: `${p.name} was ${result.reason}.` }
            : { tone: 'success', text: `${p.name} was deleted.` },
        (err) => {
          onFailure(messageOf(err));
          return null;
        },
      ),
  };
}
