import type { Kysely } from 'kysely';
import type { AddressInfo } from 'node:net';
import type { LabAccess, LabResult, LabTarget, LabTemplate } from '@shared/schemas/webhooks';
import type { Clock } from '@core/platform/clock';
import type { Database } from '@core/platform/db/schema';
import { DomainError, invalid, notFound } from '@core/platform/errors';
import type { WebhookProvider } from '../handlers/types';
import { webhookLedger, type LedgerFilter } from '../ledger';
import { postTo, type ResolveAll } from '../outgoing/http-post';
import { checkTargetUrl } from '../outgoing/url-policy';
import type { SecretBox } from '@core/platform/secrets';
import type { ConsoleListenAddress, TargetCaller } from '../listen-address';
import type { SigningSecrets } from '../signing-secrets';
import { labSecrets } from './lab-secret';
import { providerHeaders, signedHeaders } from './signing';
import { labTemplates, type TemplateChoice } from './templates';

const LAB_TIMEOUT_MS = 15_000;
/** The lab shows more of a response than a delivery log keeps: it is read by a person, now. */
const LAB_EXCERPT_BYTES = 16 * 1024;

/**
 * The webhook lab: compose a provider event (from a template or by hand), sign it as the provider
 * would, POST it to the console's own endpoint or to a URL, and show the request, the response and
 * the time taken. Nothing here is stored except by the receiver: an event sent to "self" lands in
 * the ledger like any delivery and is applied the same way.
 *
 * Who signs what is decided here, from the caller. The console owner's lab signs with the
 * console's signing secrets and may send to "self": it can make any event of any tenant. A tenant
 * ADMIN's lab signs with their tenant's lab secret, which /api/webhooks/* never accepts, and sends
 * to URLs only (private ones only while the console listens on loopback), so no request or
 * response they see carries a signature this console would act on.
 */
export function webhookLab(deps: { db: Kysely<Database>; clock: Clock; secrets: SecretBox; signingSecrets: SigningSecrets; listen: ConsoleListenAddress; resolve?: ResolveAll }) {
  const { db, clock, listen } = deps;
  const lab = labSecrets(deps);

  function targetUrl(caller: TargetCaller, provider: WebhookProvider, target: LabTarget): string {
    if (target === 'self') {
      if (!caller.isConsoleOwner) {
        throw new DomainError('FORBIDDEN', 'target: sending to this console itself is the console owner\'s; send to a URL of your own app', { field: 'target' });
      }
      const origin = listen.selfOrigin();
      if (!origin) {
        throw new DomainError('PRECONDITION_FAILED', 'target: the console\'s local HTTP server is not running, so "self" cannot be reached; start it or send to a URL', { field: 'target' });
      }
      return `${origin}/api/webhooks/${provider}`;
    }
    return checkTargetUrl(target.url, 'target.url', listen.allowanceFor(caller)).toString();
  }

  async function headersFor(caller: TargetCaller, provider: WebhookProvider, body: string): Promise<Record<string, string>> {
    if (caller.isConsoleOwner) return providerHeaders(provider, body, deps.signingSecrets, clock.nowMs());
    const secret = await lab.of(caller.tenantId);
    // A lab secret is random; this only guards against an owner pasting one in as a real secret.
    if ((await deps.signingSecrets.list(provider)).includes(secret)) {
      throw new DomainError('PRECONDITION_FAILED', 'provider: this tenant\'s lab secret is also one of the console\'s signing secrets; the console owner must remove it', { field: 'provider' });
    }
    return signedHeaders(provider, body, secret, clock.nowMs());
  }

  async function send(caller: TargetCaller, provider: WebhookProvider, body: string, target: LabTarget): Promise<LabResult> {
    const url = targetUrl(caller, provider, target);
    const headers = await headersFor(caller, provider, body);
    const outcome = await postTo(url, body, headers, {
      timeoutMs: LAB_TIMEOUT_MS,
      excerptBytes: LAB_EXCERPT_BYTES,
      resolve: deps.resolve,
      allowance: listen.allowanceFor(caller),
    });
    return {
      request: { url, method: 'POST', headers, body },
      response: outcome.response,
      error: outcome.error,
      durationMs: outcome.durationMs,
    };
  }

  return {
    /** Where the HTTP server listens (lab/self-address.ts); null when it stops. */
    setListenAddress(address: AddressInfo | null): void {
      listen.set(address);
    },

    /** webhooks.lab.access: how this caller's lab signs and where it may send. */
    async access(caller: TargetCaller): Promise<LabAccess> {
      return {
        signing: caller.isConsoleOwner ? 'console' : 'lab',
        labSecret: caller.isConsoleOwner ? null : await lab.of(caller.tenantId),
        selfTarget: caller.isConsoleOwner,
        privateTargets: listen.allowanceFor(caller).privateNetworks,
        consoleOwner: caller.isConsoleOwner,
      };
    },

    /** Templates name the caller's tenant only (its id, package and group). */
    templates: (caller: TargetCaller, choice: TemplateChoice = {}): Promise<LabTemplate[]> => labTemplates(db, clock, caller.tenantId, choice),

    /** webhooks.lab.send: the payload is sent byte for byte as written (after checking it is JSON). */
    async send(caller: TargetCaller, input: { provider: WebhookProvider; payload: string; target: LabTarget }): Promise<LabResult> {
      let parsed: unknown;
      try {
        parsed = JSON.parse(input.payload);
      } catch (err) {
        throw invalid('payload', `is not valid JSON: ${(err as Error).message}`);
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid('payload', 'must be a JSON object (an event)');
      return send(caller, input.provider, input.payload, input.target);
    },

    /**
     * webhooks.lab.replay: a ledger event's raw body, re-signed now. A tenant ADMIN replays their
     * tenant's events only; the owner also those no tenant was found for.
     */
    async replay(caller: TargetCaller, input: { eventId: string; target: LabTarget }): Promise<LabResult> {
      const scope: Pick<LedgerFilter, 'tenantId' | 'includeUnattributed'> = { tenantId: caller.tenantId, includeUnattributed: caller.isConsoleOwner };
      const row = await webhookLedger(db).findVisible(scope, input.eventId);
      if (!row) throw notFound('webhook event', input.eventId);
      return send(caller, row.provider as WebhookProvider, row.body, input.target);
    },
  };
}
export type WebhookLab = ReturnType<typeof webhookLab>;
