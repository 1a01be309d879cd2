import { useCallback, useState } from 'react';
import { messageOf } from '../api/errors';

export interface Action<A extends unknown[], T> {
  run: (...args: A) => Promise<T | undefined>;
  busy: boolean;
  /** The server's words for the last failure, until the next run. */
  problem: string | null;
  /** The last failure itself, for telling kinds of failure apart. */
  error: unknown;
  clear: () => void;
}

/** One mutation's busy flag and error, for a button and the sentence under it. */
export function useAction<A extends unknown[], T>(perform: (...args: A) => Promise<T>): Action<A, T> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (...args: A): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await perform(...args);
    } catch (err) {
      setError(err);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  const clear = useCallback(() => setError(null), []);
  return { run, busy, problem: error === null ? null : messageOf(error), error, clear };
}
