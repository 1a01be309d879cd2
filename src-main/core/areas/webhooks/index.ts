import type { AreaPlatform } from '../area';
import type { BillingService } from '../billing/billing';
import type { ProviderConfigService } from '../settings/provider-config';
import { webhookForwarder } from './lab/forwarding';
import { webhookLab } from './lab/service';
import { consoleListenAddress } from './listen-address';
import { outgoingWebhookService } from './outgoing/service';
import { reconcileService } from './reconcile/service';
import { webhookService } from './service';
import { signingSecrets, type SigningSecretConfig } from './signing-secrets';

/**
 * Webhooks: the inbound ledger (stored before acknowledged, applied through billing), outgoing
 * endpoints and deliveries, reconciliation with the providers, the lab and forwarding.
 */
export function createWebhooksArea(
  platform: AreaPlatform,
  ports: {
    /** Applies a provider's subscription and payment events (the billing area). */
    billing: BillingService;
    providers: ProviderConfigService;
    /** Signing secrets given by the environment or the config (STRIPE_WEBHOOK_SECRET, …). */
    signingSecretConfig: SigningSecretConfig;
  },
) {
  const { db, clock, jobs, events, secrets, logger } = platform;
  const inbound = webhookService({ db, clock, jobs, billing: ports.billing, signingSecrets: signingSecrets({ db, secrets, clock, fromConfig: ports.signingSecretConfig }) });
  const forwarding = webhookForwarder({ db, clock, jobs, signingSecrets: inbound.signingSecrets, logger });
  inbound.afterStore(forwarding.enqueueFor);
  // Where the HTTP server listens: the lab's "self", and which URLs a tenant ADMIN may target.
  const listen = consoleListenAddress();
  return {
    webhooks: inbound,
    webhookForwarding: forwarding,
    outgoingWebhooks: outgoingWebhookService({ db, clock, jobs, events, secrets, logger, listen }),
    webhookReconcile: reconcileService({ db, clock, jobs, providers: ports.providers, logger, alsoQueue: forwarding.enqueueFor }),
    webhookLab: webhookLab({ db, clock, secrets, signingSecrets: inbound.signingSecrets, listen }),
  };
}

export type WebhooksArea = ReturnType<typeof createWebhooksArea>;
