import { useState } from 'react';
import { useServices } from '../../app/services';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { formatCount, formatDateTime, pluralise } from '../../ui/format';
import { Pill } from '../../ui/Pill';
import { ProgressBar } from '../../ui/ProgressBar';
import { useAction } from '../../ui/use-action';
import type { CampaignDetail } from '@shared/schemas/campaigns';
import { campaignHref } from './campaigns-route';
import { DeleteCampaign } from './DeleteCampaign';
import { DuplicateCampaign } from './DuplicateCampaign';
import { STATE_LABELS } from './labels';
import { PreviewDialog } from './PreviewDialog';
import { RecipientsTable } from './RecipientsTable';
import { ResendDialog } from './ResendDialog';
import { useRefreshCampaigns } from './use-campaigns-api';

/** A campaign under way or done: live progress (pushed by the core), stats, controls, recipients. */
export function CampaignReport({ detail, tenantId }: { detail: CampaignDetail; tenantId: string }) {
  const { api } = useServices();
  const refresh = useRefreshCampaigns();
  const [dialog, setDialog] = useState<'preview' | 'cancel' | 'resend' | null>(null);
  const s = detail.stats;
  const state = STATE_LABELS[detail.state];
  const done = s.recipients - s.pending - s.sending;
  const under = detail.state === 'sending' || detail.state === 'paused';

  const act = useAction(async (what: 'pause' | 'resume' | 'cancel') => {
    const next = await api.campaigns[what].mutate({ id: detail.id });
    refresh(next);
    if (what === 'cancel') setDialog(null);
  });
  return (
    <div className="page campaign-report">
      <header className="campaign-editor-header">
        <a className="campaign-back" href={campaignHref(null)}>
          ← Campaigns
        </a>
        <h1 className="page-title campaign-editor-title">{detail.subject}</h1>
        <Pill tone={state.tone}>{state.label}</Pill>
        <div className="campaign-editor-actions">
          <button type="button" className="button" onClick={() => setDialog('preview')}>
            Preview
          </button>
          <DuplicateCampaign id={detail.id} />
          {detail.state !== 'sending' && <DeleteCampaign id={detail.id} subject={detail.subject} tenantId={tenantId} />}
        </div>
      </header>

      <p className="muted campaign-report-meta">
        To {detail.audienceLabel}
        {detail.startedAt && ` · started ${formatDateTime(detail.startedAt)}`}
        {detail.sentAt && ` · finished ${formatDateTime(detail.sentAt)}`}
        {` · up to ${pluralise(detail.ratePerSecond, 'message')} a second`}
      </p>

      {detail.waitingReason && detail.state === 'sending' && (
        <div className="banner banner-warning" role="status">
          <span>{detail.waitingReason}. It goes on by itself when the mail server answers.</span>
        </div>
      )}
      {detail.pauseReason && detail.state === 'paused' && (
        <div className="banner banner-warning" role="status">
          <span>{detail.pauseReason === 'Paused by you' ? 'You paused it: nothing more goes out until you resume.' : `Paused: ${detail.pauseReason}`}</span>
        </div>
      )}

      <section className="card campaign-progress" aria-labelledby="campaign-progress-title">
        <div className="campaign-progress-head">
          <h2 className="card-title" id="campaign-progress-title">
            {under ? 'Progress' : 'Results'}
          </h2>
          <span className="muted" data-testid="campaign-progress-text" aria-live="polite">
            {s.recipients === 0 && detail.state === 'sending' ? 'Writing down who gets it…' : `${formatCount(done)} of ${pluralise(s.recipients, 'recipient')} done`}
          </span>
        </div>
        <ProgressBar label="Sending progress" done={done} total={s.recipients} />
        <dl className="campaign-stats">
          <Stat label="Recipients" value={s.recipients} />
          <Stat label="Sent" value={s.sent} />
          <Stat label="Waiting" value={s.pending + s.sending} />
          <Stat label="Failed" value={s.failed} help={s.bounced ? `${formatCount(s.bounced)} bounced (suppressed)` : undefined} />
          <Stat label="Unconfirmed" value={s.unconfirmed} help="In flight when the console stopped; never resent by itself" />
          <Stat label="Unsubscribed" value={s.unsubscribed} />
          {detail.trackClicks && <Stat label="Clicked" value={s.clicked} />}
        </dl>
        <div className="campaign-controls">
          {detail.state === 'sending' && (
            <button type="button" className="button" disabled={act.busy} onClick={() => void act.run('pause')}>
              Pause
            </button>
          )}
          {detail.state === 'paused' && (
            <button type="button" className="button button-primary" disabled={act.busy} onClick={() => void act.run('resume')}>
              Resume
            </button>
          )}
          {under && (
            <button type="button" className="button" disabled={act.busy} onClick={() => setDialog('cancel')}>
              Cancel sending…
            </button>
          )}
          {!under && s.failed + s.unconfirmed > 0 && (
            <button type="button" className="button" onClick={() => setDialog('resend')}>
              Resend to failed or unconfirmed…
            </button>
          )}
        </div>
        {act.problem && dialog !== 'cancel' && (
          <p className="field-error" role="alert">
            {act.problem}
          </p>
        )}
      </section>

      <RecipientsTable campaignId={detail.id} />

      {dialog === 'preview' && <PreviewDialog campaignId={detail.id} onClose={() => setDialog(null)} />}
      {dialog === 'resend' && <ResendDialog detail={detail} onClose={() => setDialog(null)} />}
      {dialog === 'cancel' && (
        <ConfirmDialog
          title="Cancel this campaign?"
          confirmLabel="Cancel sending"
          cancelLabel="Keep sending"
          busy={act.busy}
          problem={act.problem}
          onConfirm={() => void act.run('cancel')}
          onCancel={() => setDialog(null)}
        >
          <p>{pluralise(s.pending, 'member')} who have not got it yet will not. Those who got it keep it.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function Stat({ label, value, help }: { label: string; value: number; help?: string }) {
  return (
    <div className="campaign-stat" data-stat={label.toLowerCase()}>
      <dt>{label}</dt>
      <dd>{formatCount(value)}</dd>
      {help && value > 0 && <dd className="campaign-stat-help">{help}</dd>}
    </div>
  );
}
