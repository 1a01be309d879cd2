import type { Kysely } from 'kysely';
import type { LabResult, LabTarget, LabTemplate } from '../../../../src-shared/schemas/webhooks';
import type { Clock } from '../../clock';
import type { Database } from '../../db/schema';
import { DomainError, invalid, notFound } from '../../errors';
import type { WebhookProvider } from '../handlers/types';
import { webhookLedger, type LedgerFilter } from '../ledger';
import { postTo, type ResolveAll } from '../outgoing/http-post';
import { checkTargetUrl } from '../outgoing/url-policy';
import type { SigningSecrets } from '../signing-secrets';
import { providerHeaders } from './signing';
import { labTemplates } from './templates';

const LAB_TIMEOUT_MS = 15_000;
/** The lab shows more of a response than a delivery log keeps: it is read by a person, now. */
const LAB_EXCERPT_BYTES = 16 * 1024;

/**
 * The webhook lab: compose a provider event (from a template or by hand), sign it as the provider
 * would with the configured secret, POST it to the console's own endpoint or to any URL, and show
 * the request, the response and the time taken. Nothing here is stored except by the receiver:
 * an event sent to "self" lands in the ledger like any delivery and is applied the same way.
 */
export function webhookLab(deps: { db: Kysely<Database>; clock: Clock; signingSecrets: SigningSecrets; resolve?: ResolveAll }) {
  const { db, clock } = deps;
  /** The local HTTP server's origin while it listens (set by lab/self-address.ts). */
  let selfOrigin: string | null = null;

  function targetUrl(provider: WebhookProvider, target: LabTarget): string {
    if (target === 'self') {
      if (!selfOrigin) {
        throw new DomainError('PRECONDITION_FAILED', 'target: the console\'s local HTTP server is not running, so "self" cannot be reached; start it or send to a URL', { field: 'target' });
      }
      return `${selfOrigin}/api/webhooks/${provider}`;
    }
    return checkTargetUrl(target.url, 'target.url').toString();
  }

  async function send(provider: WebhookProvider, body: string, target: LabTarget): Promise<LabResult> {
    const url = targetUrl(provider, target);
    const headers = await providerHeaders(provider, body, deps.signingSecrets, clock.nowMs());
    const outcome = await postTo(url, body, headers, { timeoutMs: LAB_TIMEOUT_MS, excerptBytes: LAB_EXCERPT_BYTES, resolve: deps.resolve });
    return {
      request: { url, method: 'POST', headers, body },
      response: outcome.response,
      error: outcome.error,
      durationMs: outcome.durationMs,
    };
  }

  return {
    setSelfOrigin(origin: string | null): void {
      selfOrigin = origin;
    },

    templates: (tenantId: string): Promise<LabTemplate[]> => labTemplates(db, clock, tenantId),

    /** webhooks.lab.send: the payload is sent byte for byte as written (after checking it is JSON). */
    async send(input: { provider: WebhookProvider; payload: string; target: LabTarget }): Promise<LabResult> {
      let parsed: unknown;
      try {
        parsed = JSON.parse(input.payload);
      } catch (err) {
        throw invalid('payload', `is not valid JSON: ${(err as Error).message}`);
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid('payload', 'must be a JSON object (an event)');
      return send(input.provider, input.payload, input.target);
    },

    /** webhooks.lab.replay: a ledger event's raw body, re-signed now, to any target. */
    async replay(scope: Pick<LedgerFilter, 'tenantId' | 'includeUnattributed'>, input: { eventId: string; target: LabTarget }): Promise<LabResult> {
      const row = await webhookLedger(db).findVisible(scope, input.eventId);
      if (!row) throw notFound('webhook event', input.eventId);
      return send(row.provider as WebhookProvider, row.body, input.target);
    },
  };
}
export type WebhookLab = ReturnType<typeof webhookLab>;
