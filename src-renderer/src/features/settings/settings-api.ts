import type { RouterOutputs } from '../../api/types';

export type SettingsOverview = RouterOutputs['settings']['overview'];
export type ProvidersView = RouterOutputs['settings']['providers']['get'];
export type PaymentMethodsView = RouterOutputs['settings']['paymentMethods']['get'];
export type EmailView = RouterOutputs['settings']['email']['get'];
export type RealtimeView = RouterOutputs['settings']['realtime']['get'];
export type TokenRow = RouterOutputs['settings']['tokens']['list'][number];
export type DataView = RouterOutputs['settings']['data']['get'];
export type TestResult = RouterOutputs['settings']['providers']['test'];
export type NotificationSwitches = RouterOutputs['settings']['notifications']['get'];

export type SettingsTab = 'providers' | 'payments' | 'email' | 'realtime' | 'notifications' | 'tokens' | 'data' | 'team';

/** Sections the console owner alone sees (console-wide keys and the database). */
export const OWNER_ONLY: ReadonlySet<SettingsTab> = new Set(['providers', 'email', 'realtime', 'notifications']);

export const TAB_LABELS: Record<SettingsTab, string> = {
  providers: 'Providers',
  payments: 'Payment methods',
  email: 'Email',
  realtime: 'Real time',
  notifications: 'Notifications',
  tokens: 'API tokens',
  data: 'Data',
  team: 'Team',
};

/** `#/settings/tokens` → "tokens"; anything else is the first section the caller may see. */
export function tabFromHash(hash: string, isOwner: boolean): SettingsTab {
  const name = hash.replace(/^#\/?settings\/?/, '').split(/[/?]/)[0] as SettingsTab;
  const visible = visibleTabs(isOwner);
  return visible.includes(name) ? name : visible[0]!;
}

export function visibleTabs(isOwner: boolean): SettingsTab[] {
  return (Object.keys(TAB_LABELS) as SettingsTab[]).filter((t) => isOwner || !OWNER_ONLY.has(t));
}

/** Where a value comes from, in words. */
export function sourceText(source: 'environment' | 'settings' | null, envName: string): string | null {
  if (source === 'environment') return `Set by ${envName} in the environment; change it there.`;
  if (source === 'settings') return 'Saved here, encrypted on this computer.';
  return null;
}
