import type { Clock } from '../../platform/clock';
import { newId } from '../../platform/ids';
import { CONSOLE_SCOPE, type SettingsRepository } from '../../platform/settings-store';
import type { UsersRepository } from './repositories/users';

const OWNER_KEY = 'console.owner_user_id';
export const CONSOLE_OWNER_EMAIL = 'owner@tenant-console.local';

/**
 * The person at this desktop. Every tenant created here makes them an ADMIN; the desktop window
 * acts as them, and `serve` prints a sign-in link for them.
 */
export function consoleOwnerService(deps: { clock: Clock; settings: SettingsRepository; users: UsersRepository }) {
  let cached: string | undefined;
  return {
    async id(): Promise<string> {
      if (cached) return cached;
      const existing = await deps.settings.get(CONSOLE_SCOPE, OWNER_KEY);
      if (existing) return (cached = existing.value);
      const now = deps.clock.nowIso();
      let user = await deps.users.findByEmail(CONSOLE_OWNER_EMAIL);
      if (!user) {
        user = { id: newId('user'), email: CONSOLE_OWNER_EMAIL, name: 'Console owner', avatarUrl: null, createdAt: now, erasedAt: null };
        await deps.users.insert(user);
      }
      cached = await deps.settings.putIfAbsent(CONSOLE_SCOPE, OWNER_KEY, user.id, false, now);
      return cached;
    },
  };
}
export type ConsoleOwnerService = ReturnType<typeof consoleOwnerService>;
