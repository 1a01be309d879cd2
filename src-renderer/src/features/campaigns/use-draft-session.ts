import { useEffect, useState, useSyncExternalStore } from 'react';
import { useServices } from '../../app/services';
import { createDraftSession, type DraftSession, type DraftSessionState } from './draft-session';
import type { LocalDraft } from './draft-store';
import { useDraftPush } from './use-campaigns-api';

/** One draft session for the editor's lifetime: local writes, syncing, and its state for rendering. */
export function useDraftSession(initial: LocalDraft, onCreated: (campaignId: string) => void): [DraftSessionState, DraftSession] {
  const { connection } = useServices();
  const push = useDraftPush();
  const [session] = useState(() => createDraftSession(initial, { storage: window.localStorage, connection, push }));
  const state = useSyncExternalStore(session.subscribe, session.get);

  useEffect(() => {
    session.start();
    return () => session.dispose();
  }, [session]);

  const campaignId = state.draft.campaignId;
  useEffect(() => {
    if (campaignId && campaignId !== initial.campaignId) onCreated(campaignId);
  }, [campaignId, initial.campaignId, onCreated]);

  return [state, session];
}
