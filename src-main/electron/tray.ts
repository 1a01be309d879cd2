import type { MenuItemConstructorOptions } from 'electron';

/** What the tray tells at a glance. */
export interface TrayStatus {
  /** The local server webhooks and API clients call; null while it is not listening. */
  listenUrl: string | null;
  /** Outbox jobs waiting, retrying after a failure, and given up. */
  outbox: { queued: number; retrying: number; failed: number };
  online: boolean;
  /** Each connected payment provider's sync state ("Stripe: Live by polling", with its detail). */
  sync?: { provider: string; label: string; detail: string }[];
}

export interface TrayActions {
  openWindow(): void;
  quit(): void;
}

export function outboxLine(outbox: TrayStatus['outbox']): string {
  if (outbox.queued === 0 && outbox.failed === 0) return 'Outbox: all sent';
  const parts = [`${outbox.queued} waiting`];
  if (outbox.retrying > 0) parts.push(`${outbox.retrying} retrying`);
  if (outbox.failed > 0) parts.push(`${outbox.failed} failed`);
  return `Outbox: ${parts.join(', ')}`;
}

export function statusLines(status: TrayStatus): string[] {
  return [
    status.listenUrl ? `Listening on ${status.listenUrl}` : 'Not listening for webhooks',
    outboxLine(status.outbox),
    status.online ? 'Online' : 'Offline: provider calls wait until the connection is back',
    ...(status.sync ?? []).map(syncLine),
  ];
}

/** "Stripe: Live by polling (last sync 12 s ago)": the state, and the detail's figures when it has some. */
export function syncLine(s: { provider: string; label: string; detail: string }): string {
  const figures = /\(([^)]*)\)\.?$/.exec(s.detail)?.[1];
  return `${s.provider}: ${s.label}${figures ? ` (${figures})` : ''}`;
}

export function trayTooltip(status: TrayStatus): string {
  return ['Tenant Console', ...statusLines(status)].join('\n');
}

/** The tray's menu: the status as plain lines, then the quick actions. */
export function trayMenuTemplate(status: TrayStatus, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    ...statusLines(status).map((label): MenuItemConstructorOptions => ({ label, enabled: false })),
    { type: 'separator' },
    { label: 'Open Tenant Console', click: () => actions.openWindow() },
    { type: 'separator' },
    { label: 'Quit Tenant Console', click: () => actions.quit() },
  ];
}

/** Sums the job queue's summary into the tray's outbox figures and the failing-webhooks count. */
export function outboxFrom(summary: { workKind: string; queued: number; retrying: number; failed: number }[]) {
  const outbox = { queued: 0, retrying: 0, failed: 0 };
  let webhooksFailing = 0;
  for (const row of summary) {
    outbox.queued += row.queued;
    outbox.retrying += row.retrying;
    outbox.failed += row.failed;
    // Inbound webhook processing, and deliveries and forwards to the owner's endpoints.
    if (row.workKind === 'webhooks' || row.workKind === 'deliveries') webhooksFailing += row.retrying + row.failed;
  }
  return { outbox, webhooksFailing };
}
