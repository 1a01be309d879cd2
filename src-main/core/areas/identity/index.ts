import type { AreaPlatform } from '../area';
import type { MembershipsRepository } from '../members/repositories/memberships';
import type { SettingsRepository } from '../../platform/settings-store';
import { authService } from './auth';
import { consoleOwnerService } from './console-owner';
import { tenantsRepository } from './repositories/tenants';
import { tokensRepository } from './repositories/tokens';
import { usersRepository } from './repositories/users';
import { sessionService } from './session';
import { tenantService } from './tenants';
import { userService } from './users';

/** Who is signed in and where: the console owner, tokens, sessions, tenants and users. */
export function createIdentityArea(
  platform: AreaPlatform,
  ports: {
    /** The console-wide key-value store (the settings area's), where the owner and the signing key live. */
    settingsStore: SettingsRepository;
    /** Who belongs to which tenant with which role (the members area's). */
    memberships: MembershipsRepository;
    /** Told of each accepted token (Settings → API tokens shows the last use); must not block. */
    onTokenUsed: (tokenId: string) => void;
  },
) {
  const { db, dialect, clock, secrets } = platform;
  const tenants = tenantsRepository(db);
  const users = usersRepository(db);
  const owner = consoleOwnerService({ clock, settings: ports.settingsStore, users });
  const auth = authService({
    clock,
    secrets,
    settings: ports.settingsStore,
    tokens: tokensRepository(db),
    memberships: ports.memberships,
    consoleOwnerId: () => owner.id(),
    onTokenUsed: ports.onTokenUsed,
  });
  return {
    owner,
    auth,
    session: sessionService({ db, clock, auth, owner, memberships: ports.memberships, tenants }),
    tenants: tenantService({ db, dialect, clock, tenants }),
    users: userService({ db, users, memberships: ports.memberships }),
  };
}

export type IdentityArea = ReturnType<typeof createIdentityArea>;
