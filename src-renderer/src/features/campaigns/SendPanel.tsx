import { useId, useState } from 'react';
import { useServices } from '../../app/services';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { formatDateTime, pluralise } from '../../ui/format';
import { useAction } from '../../ui/use-action';
import type { CampaignDetail } from '@shared/schemas/campaigns';
import { ensureSaved, type DraftSession } from './draft-session';
import { isoToLocalInput, localInputToIso, localTimeZoneName } from './labels';
import { useRefreshCampaigns } from './use-campaigns-api';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../api/query';

const NOT_SAVED = 'The draft is not saved to the console yet; try again when it is reachable.';

/** Schedule in this computer's time, or send now (after saying to how many). */
export function SendPanel({
  session,
  detail,
  audience,
  disabledReason,
  offline,
}: {
  session: DraftSession;
  detail: CampaignDetail | undefined;
  audience: string;
  disabledReason: string | null;
  offline: boolean;
}) {
  const { api } = useServices();
  const trpc = useTRPC();
  const refresh = useRefreshCampaigns();
  const id = useId();
  const scheduled = detail?.state === 'scheduled' ? detail.scheduledAt : null;
  const [when, setWhen] = useState(() => (scheduled ? isoToLocalInput(scheduled) : ''));
  const [whenError, setWhenError] = useState('');
  const [confirming, setConfirming] = useState(false);
  const count = useQuery({ ...trpc.campaigns.audienceCount.queryOptions({ audience }), retry: false });

  const needsSubject = !session.get().draft.subject.trim() ? 'Add a subject first.' : null;
  const blocked = disabledReason ?? (offline ? 'Sending needs the console; your draft is saved on this computer.' : null) ?? needsSubject;

  const schedule = useAction(async () => {
    const iso = localInputToIso(when);
    if (!iso) {
      setWhenError('Choose a date and time.');
      return;
    }
    if (Date.parse(iso) <= Date.now()) {
      setWhenError('Choose a time in the future.');
      return;
    }
    const campaignId = await ensureSaved(session);
    if (!campaignId) throw new Error(NOT_SAVED);
    refresh(await api.campaigns.schedule.mutate({ id: campaignId, scheduledAt: iso }));
  });
  const unschedule = useAction(async () => {
    if (!detail) return;
    refresh(await api.campaigns.unschedule.mutate({ id: detail.id }));
  });
  const send = useAction(async () => {
    const campaignId = await ensureSaved(session);
    if (!campaignId) throw new Error(NOT_SAVED);
    refresh(await api.campaigns.send.mutate({ id: campaignId }));
    setConfirming(false);
  });

  return (
    <section className="campaign-side-card" aria-labelledby={`${id}-title`}>
      <h2 className="campaign-side-title" id={`${id}-title`}>
        Send
      </h2>
      {scheduled ? (
        <div className="campaign-scheduled">
          <p>
            Scheduled for <strong>{formatDateTime(scheduled)}</strong> ({localTimeZoneName()}).
          </p>
          <button type="button" className="button" disabled={unschedule.busy} onClick={() => void unschedule.run()}>
            Unschedule
          </button>
          {unschedule.problem && (
            <p className="field-error" role="alert">
              {unschedule.problem}
            </p>
          )}
        </div>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void schedule.run();
          }}
        >
          <label className="field-label" htmlFor={`${id}-when`}>
            Send later ({localTimeZoneName()})
          </label>
          <div className="campaign-inline">
            <input
              id={`${id}-when`}
              className={whenError ? 'input has-error' : 'input'}
              type="datetime-local"
              value={when}
              aria-invalid={whenError ? true : undefined}
              aria-describedby={whenError ? `${id}-when-error` : undefined}
              onChange={(e) => {
                setWhen(e.target.value);
                setWhenError('');
              }}
            />
            <button type="submit" className="button" disabled={schedule.busy || Boolean(blocked)}>
              Schedule
            </button>
          </div>
          {(whenError || schedule.problem) && (
            <p className="field-error" id={`${id}-when-error`} role="alert">
              {whenError || schedule.problem}
            </p>
          )}
        </form>
      )}
      <button type="button" className="button button-primary button-block campaign-send-now" disabled={Boolean(blocked)} onClick={() => setConfirming(true)}>
        Send now…
      </button>
      {blocked && <p className="field-help">{blocked}</p>}
      {confirming && (
        <ConfirmDialog
          title="Send this campaign now?"
          confirmLabel={send.busy ? 'Starting…' : 'Send now'}
          tone="primary"
          busy={send.busy}
          problem={send.problem}
          onConfirm={() => void send.run()}
          onCancel={() => setConfirming(false)}
        >
          <p>
            “{session.get().draft.subject.trim()}” goes to {count.data ? pluralise(count.data.count, 'member') : 'the chosen members'}
            {count.data ? ` (${count.data.label})` : ''}. Each gets it once; it cannot be taken back, but you can pause or cancel while it sends.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
