import { useCallback, useId, useState } from 'react';
import { RichTextEditor } from '../../ui/RichTextEditor';
import { Pill } from '../../ui/Pill';
import { MERGE_TAGS, type CampaignDetail } from '@shared/schemas/campaigns';
import { AudiencePicker } from './AudiencePicker';
import { campaignHref } from './campaigns-route';
import { DeleteCampaign } from './DeleteCampaign';
import { DuplicateCampaign } from './DuplicateCampaign';
import { draftStatusText } from './draft-session';
import type { LocalDraft } from './draft-store';
import { STATE_LABELS } from './labels';
import { PreviewDialog } from './PreviewDialog';
import { SendPanel } from './SendPanel';
import { TestSend } from './TestSend';
import { useDraftSession } from './use-draft-session';
import { VersionsDialog } from './VersionsDialog';

/** Writing a draft or a scheduled campaign: subject, body, audience, test, preview, schedule, send. */
export function CampaignEditor({ initial, detail, onRenamed }: { initial: LocalDraft; detail: CampaignDetail | undefined; onRenamed: (from: string, to: string) => void }) {
  const onCreated = useCallback((id: string) => onRenamed(initial.key, id), [initial.key, onRenamed]);
  const [state, session] = useDraftSession(initial, onCreated);
  const [dialog, setDialog] = useState<'preview' | 'versions' | null>(null);
  const subjectId = useId();
  const { draft } = state;
  const campaignId = draft.campaignId;
  const stateLabel = STATE_LABELS[detail?.state ?? 'draft'];
  const notOnCore = !campaignId ? 'Available once the draft reaches the console.' : null;
  const offline = state.phase === 'offline';

  return (
    <div className="page campaign-editor-page">
      <header className="campaign-editor-header">
        <a className="campaign-back" href={campaignHref(null)}>
          ← Campaigns
        </a>
        <h1 className="page-title campaign-editor-title">{draft.subject.trim() || 'Untitled draft'}</h1>
        <Pill tone={stateLabel.tone}>{stateLabel.label}</Pill>
        <p className={`campaign-save-status is-${state.phase}`} role="status" aria-live="polite" data-testid="draft-status">
          {draftStatusText(state)}
        </p>
        <div className="campaign-editor-actions">
          <button type="button" className="button" disabled={!campaignId} title={notOnCore ?? undefined} onClick={() => setDialog('versions')}>
            Versions
          </button>
          <button type="button" className="button" disabled={!campaignId} title={notOnCore ?? undefined} onClick={() => setDialog('preview')}>
            Preview
          </button>
          {campaignId && <DuplicateCampaign id={campaignId} beforeCopy={() => session.flush()} />}
          {campaignId && <DeleteCampaign id={campaignId} subject={draft.subject} tenantId={draft.tenantId} localKey={initial.key} />}
        </div>
      </header>

      <div className="campaign-editor-grid">
        <section className="campaign-compose" aria-label="Message">
          <label className="field-label" htmlFor={subjectId}>
            Subject
          </label>
          <input
            id={subjectId}
            className="input campaign-subject-input"
            value={draft.subject}
            maxLength={200}
            placeholder="What is this email about?"
            onChange={(e) => session.edit({ subject: e.target.value })}
          />
          <RichTextEditor
            aria-label="Email body"
            value={draft.content}
            placeholder="Write your email. Use “Insert field…” to greet each member by name."
            mergeTags={MERGE_TAGS}
            onChange={(content) => session.edit({ content })}
          />
          <p className="field-help">
            Fields like <code>{'{{member.firstName|there}}'}</code> are filled in for each member; the word after <code>|</code> is used when the member has no
            first name. Every email carries an unsubscribe link.
          </p>
        </section>

        <aside className="campaign-side" aria-label="Sending">
          <AudiencePicker value={draft.audience} onChange={(audience) => session.edit({ audience })} />
          <TestSend session={session} disabledReason={notOnCore} />
          <SendPanel session={session} detail={detail} audience={draft.audience} disabledReason={notOnCore} offline={offline} />
        </aside>
      </div>

      {dialog === 'preview' && campaignId && <PreviewDialog session={session} campaignId={campaignId} onClose={() => setDialog(null)} />}
      {dialog === 'versions' && campaignId && <VersionsDialog session={session} campaignId={campaignId} onClose={() => setDialog(null)} />}
    </div>
  );
}
