import { useApiQuery } from '@renderer/api/use-api-query';
import { webhooksApi } from '../webhooks-api';
import { LoadProblem } from '../Unavailable';
import { LabComposer } from './LabComposer';
import type { LabAccess } from '../types';

/** The webhook lab: compose a provider event from a template, sign it, send it, see what came back. */
export function LabTab({ access, onOpenEvent }: { access: LabAccess | undefined; onOpenEvent: (id: string) => void }) {
  const templates = useApiQuery('webhook-lab-templates', (api, signal) => webhooksApi(api).lab.templates(signal));
  const secrets = useApiQuery('webhook-signing-secrets', (api, signal) => webhooksApi(api).signingSecrets.get(signal));

  if (templates.error !== undefined && !templates.data) {
    return (
      <section className="card">
        <LoadProblem error={templates.error} what="Lab templates" onRetry={templates.reload} />
      </section>
    );
  }
  if (!templates.data) {
    return (
      <div className="lab-grid" aria-busy="true">
        <section className="card lab-card lab-skeleton">
          <span className="skeleton" style={{ width: '40%' }} />
          <span className="skeleton" style={{ width: '70%' }} />
          <span className="skeleton" style={{ width: '100%', height: 240, borderRadius: 8 }} />
        </section>
        <section className="card lab-card" />
      </div>
    );
  }
  return <LabComposer templates={templates.data} secrets={secrets.data} access={access} onOpenEvent={onOpenEvent} />;
}
