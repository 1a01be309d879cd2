import { useState } from 'react';
import { messageOf } from '@renderer/api/errors';
import { offerUndo } from '@renderer/ui/Toast';

export interface MemberChange {
  /** Which change is on its way ("role", "comp", "group:grp_…"), or null. */
  busy: string | null;
  /** The server's words when the last change was refused (e.g. the last admin cannot be demoted). */
  problem: string | null;
  clearProblem: () => void;
  /** Runs a change; on success tells the drawer to read the member again. Resolves to whether it worked. */
  run: (key: string, change: () => Promise<unknown>) => Promise<boolean>;
  /**
   * Runs a change and offers to undo it for a while: `inverse` goes through the same procedures.
   * The Undo outlives the drawer, so its failure is said in the toast, not the drawer.
   */
  runUndoable: (key: string, change: () => Promise<unknown>, done: string, inverse: () => Promise<unknown>) => Promise<boolean>;
}

export function useMemberChange(onChanged: () => void): MemberChange {
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  async function run(key: string, change: () => Promise<unknown>): Promise<boolean> {
    setBusy(key);
    setProblem(null);
    try {
      await change();
      onChanged();
      return true;
    } catch (err) {
      setProblem(messageOf(err));
      return false;
    } finally {
      setBusy(null);
    }
  }
  return {
    busy,
    problem,
    clearProblem: () => setProblem(null),
    run,
    async runUndoable(key, change, done, inverse) {
      const ok = await run(key, change);
      if (ok) offerUndo(done, async () => (await inverse(), onChanged()));
      return ok;
    },
  };
}
