import type { QueryClient } from '@tanstack/react-query';
import type { SessionStore } from '../../stores/session';

/**
 * A sign-in link opened in a window that is already signed in (a `hashchange` with #token= or
 * #code=) makes it someone else: whatever was cached belongs to the one before, so it goes, and
 * the next screens read as the new user. Signing out and switching tenant drop it as well (the
 * cached answers were that identity's). Returns a function that stops watching.
 */
export function resetOnNewIdentity(session: SessionStore, queryClient: Pick<QueryClient, 'clear'>): () => void {
  return session.subscribe((state, previous) => {
    if (state.token !== previous.token) queryClient.clear();
  });
}
