import { createLemonSqueezyGateway, type LemonSqueezyGateway, type LemonSqueezyGatewayOptions } from './integrations/lemonsqueezy';
import { createMailGateway, type MailGateway, type SmtpConfig } from './integrations/mail';
import { createAblyRealtimeGateway, type RealtimeGateway, type RealtimeGatewayOptions } from './integrations/realtime';
import { createStripeGateway, type StripeGateway, type StripeGatewayOptions } from './integrations/stripe';

/**
 * How the core reaches the outside world. Services ask these factories for a gateway with the
 * settings current at the time (keys change in Settings without a restart), so a test or a new
 * area can hand the core fakes with no HTTP at all.
 */
export interface GatewayFactories {
  stripe: (options: StripeGatewayOptions) => StripeGateway;
  lemonSqueezy: (options: LemonSqueezyGatewayOptions) => LemonSqueezyGateway;
  mail: (config: SmtpConfig) => MailGateway;
  realtime: (options: RealtimeGatewayOptions) => RealtimeGateway;
}

/** The SDK-backed gateways: Stripe's and Lemon Squeezy's SDKs, nodemailer, Ably's Rest client. */
export const sdkGateways: GatewayFactories = {
  stripe: createStripeGateway,
  lemonSqueezy: createLemonSqueezyGateway,
  mail: createMailGateway,
  realtime: createAblyRealtimeGateway,
};

/** The SDK-backed factory for each one not given. */
export function gatewayFactories(given: Partial<GatewayFactories> = {}): GatewayFactories {
  return {
    stripe: given.stripe ?? sdkGateways.stripe,
    lemonSqueezy: given.lemonSqueezy ?? sdkGateways.lemonSqueezy,
    mail: given.mail ?? sdkGateways.mail,
    realtime: given.realtime ?? sdkGateways.realtime,
  };
}
