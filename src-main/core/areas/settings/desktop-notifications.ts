import type { Clock } from '../../platform/clock';
import { CONSOLE_SCOPE, type SettingsRepository } from '../../platform/settings-store';

/** The desktop app's OS notifications, each of which the owner can switch off. */
export const DESKTOP_NOTIFICATIONS = ['newPaidMember', 'paymentFailed', 'webhooksFailing', 'campaignFinished'] as const;
export type DesktopNotificationKind = (typeof DESKTOP_NOTIFICATIONS)[number];
export type DesktopNotificationSwitches = Record<DesktopNotificationKind, boolean>;

const KEY = 'desktop.notifications';

/**
 * The switches, stored console-wide in settings (the desktop is the owner's machine). All on until
 * switched off; a kind added later starts on. A Settings screen reads `get()` and calls `set()`.
 */
export function desktopNotificationSettings(deps: { settings: SettingsRepository; clock: Clock }) {
  const read = async (): Promise<DesktopNotificationSwitches> => {
    const row = await deps.settings.get(CONSOLE_SCOPE, KEY);
    let stored: Partial<Record<string, unknown>> = {};
    try {
      stored = row ? (JSON.parse(row.value) as Partial<Record<string, unknown>>) : {};
    } catch {
      // A damaged value reads as the defaults rather than silencing every notification.
    }
    return Object.fromEntries(DESKTOP_NOTIFICATIONS.map((k) => [k, stored[k] !== false])) as DesktopNotificationSwitches;
  };
  return {
    get: read,
    async isOn(kind: DesktopNotificationKind): Promise<boolean> {
      return (await read())[kind];
    },
    /** Changes the given switches only; returns them all. */
    async set(changes: Partial<DesktopNotificationSwitches>): Promise<DesktopNotificationSwitches> {
      const next = { ...(await read()) };
      for (const kind of DESKTOP_NOTIFICATIONS) {
        const value = changes[kind];
        if (value !== undefined) next[kind] = value === true;
      }
      await deps.settings.put(CONSOLE_SCOPE, KEY, JSON.stringify(next), false, deps.clock.nowIso());
      return next;
    },
  };
}
export type DesktopNotificationSettings = ReturnType<typeof desktopNotificationSettings>;
