import type { Clock } from '../../platform/clock';
import type { DatabaseHandle } from '../../platform/db/connect';
import type { GatewayFactories } from '../../gateways';
import type { SecretBox } from '../../platform/secrets';
import type { AuthService } from '../identity/auth';
import type { ProviderConfigService } from './provider-config';
import { settingsDataService } from './settings-data';
import { mailEnvFrom, settingsEmailService, type MailEnv } from './settings-email';
import { providerConnectionTest, settingsOverviewService } from './settings-overview';
import { realtimeEnvFrom, settingsRealtimeService, type RealtimeEnv } from './settings-realtime';
import { consoleSettings } from './settings-store';
import { settingsTokensService } from './settings-tokens';

export interface SettingsEnv {
  mail: MailEnv;
  realtime: RealtimeEnv;
}

/** SMTP_URL, MAIL_FROM, ABLY_API_KEY, ABLY_ENDPOINT (read once, in the composition root). */
export function settingsEnvFrom(env: Record<string, string | undefined>): SettingsEnv {
  return { mail: mailEnvFrom(env), realtime: realtimeEnvFrom(env) };
}

/** Everything behind the Settings page beyond providers and payment methods (built in create-core). */
export function settingsServices(deps: {
  database: DatabaseHandle;
  dataDir: string;
  clock: Clock;
  secrets: SecretBox;
  auth: AuthService;
  providers: ProviderConfigService;
  ownerId: () => Promise<string>;
  env: SettingsEnv;
  gateways?: Pick<GatewayFactories, 'mail' | 'realtime'>;
}) {
  const { database, clock } = deps;
  const store = consoleSettings({ db: database.db, secrets: deps.secrets });
  return {
    overview: settingsOverviewService({ db: database.db, dialect: database.dialect, location: database.location, dataDir: deps.dataDir, ownerId: deps.ownerId }),
    providerTest: providerConnectionTest({ providers: deps.providers }),
    email: settingsEmailService({ store, clock, env: deps.env.mail, gateways: deps.gateways }),
    realtime: settingsRealtimeService({ store, clock, env: deps.env.realtime, gateways: deps.gateways }),
    tokens: settingsTokensService({ db: database.db, clock, auth: deps.auth }),
    data: settingsDataService({ database, dataDir: deps.dataDir, clock }),
  };
}
export type SettingsServices = ReturnType<typeof settingsServices>;
