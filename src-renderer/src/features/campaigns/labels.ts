import type { CampaignState, RecipientStatus } from '@shared/schemas/campaigns';
import type { PillTone } from '../../ui/Pill';

export const STATE_LABELS: Record<CampaignState, { label: string; tone: PillTone }> = {
  draft: { label: 'Draft', tone: 'neutral' },
  scheduled: { label: 'Scheduled', tone: 'info' },
  sending: { label: 'Sending', tone: 'accent' },
  paused: { label: 'Paused', tone: 'warning' },
  sent: { label: 'Sent', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  canceled: { label: 'Canceled', tone: 'neutral' },
};

export const RECIPIENT_LABELS: Record<RecipientStatus, { label: string; tone: PillTone }> = {
  pending: { label: 'Waiting', tone: 'neutral' },
  sending: { label: 'Sending', tone: 'accent' },
  sent: { label: 'Sent', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  unconfirmed: { label: 'Unconfirmed', tone: 'warning' },
  skipped: { label: 'Skipped', tone: 'neutral' },
};

export const BUILT_IN_AUDIENCE_LABELS: Record<string, string> = {
  all_members: 'All members',
  paid_only: 'Paid members (including comped)',
  free_only: 'Free members',
};

/** Only drafts and scheduled campaigns can still be changed. */
export function isEditable(state: CampaignState): boolean {
  return state === 'draft' || state === 'scheduled';
}

/** `2026-12-03T09:00` (what a datetime-local input holds, in this computer's time zone) → ISO. */
export function localInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** ISO → the datetime-local value for this computer's time zone. */
export function isoToLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function localTimeZoneName(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
