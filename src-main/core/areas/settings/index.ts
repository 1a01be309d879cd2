import type { DatabaseHandle } from '../../platform/db/connect';
import type { AreaPlatform } from '../area';
import type { AuthService } from '../identity/auth';
import { desktopNotificationSettings } from './desktop-notifications';
import { providerConfigService, type ProviderEnv } from './provider-config';
import { settingsRepository } from '../../platform/settings-store';
import { settingsServices, type SettingsEnv } from './settings-services';
import { tokenUseRecorder } from './settings-tokens';

/** The console-wide key-value store, before the areas that keep their settings in it. */
export const createSettingsStore = (platform: AreaPlatform) => settingsRepository(platform.db);

/** Records each accepted token's last use (Settings → API tokens), off the request's path. */
export const createTokenUseRecorder = (platform: AreaPlatform) => tokenUseRecorder({ db: platform.db, clock: platform.clock, logger: platform.logger });

/** Settings: provider keys, email and real-time connections, API tokens, data, desktop notifications. */
export function createSettingsArea(
  platform: AreaPlatform,
  ports: {
    /** The open database (its location, backups, integrity checks for Settings → Data). */
    database: DatabaseHandle;
    settingsStore: ReturnType<typeof createSettingsStore>;
    auth: AuthService;
    ownerId: () => Promise<string>;
    providerEnv: ProviderEnv;
    /** SMTP and Ably connections given by the environment (SMTP_URL, ABLY_API_KEY, …). */
    settingsEnv: SettingsEnv;
  },
) {
  const { db, clock, secrets, gateways, dataDir } = platform;
  const providers = providerConfigService({ db, secrets, clock, env: ports.providerEnv, gateways });
  return {
    providers,
    desktopNotifications: desktopNotificationSettings({ settings: ports.settingsStore, clock }),
    settings: settingsServices({ database: ports.database, dataDir, clock, secrets, auth: ports.auth, providers, ownerId: ports.ownerId, env: ports.settingsEnv, gateways }),
  };
}

export type SettingsArea = ReturnType<typeof createSettingsArea>;
