import type { WebhookChange } from '@shared/schemas/webhooks';
import { formatDateTime } from '@renderer/ui/format';

// What an event changed, as sentences an owner reads: "Subscription sub_1 · status: active → canceled".

const ENTITY: Record<string, string> = {
  user: 'Member',
  membership: 'Membership',
  customer: 'Customer',
  subscription: 'Subscription',
  group_member: 'Group membership',
};

export interface ChangeGroup {
  entity: string;
  id: string;
  label: string;
  lines: { field: string; from: string | null; to: string | null; kind: 'created' | 'set' | 'cleared' | 'changed' }[];
}

/** camelCase and snake_case field names as words: currentPeriodEnd → "current period end". */
export function fieldLabel(field: string): string {
  return field
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.]+/g, ' ')
    .toLowerCase()
    .trim();
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export function valueText(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' && ISO_TIME.test(value) && !Number.isNaN(Date.parse(value))) return formatDateTime(value);
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

function isChange(v: unknown): v is WebhookChange {
  const c = v as Partial<WebhookChange> | null;
  return !!c && typeof c === 'object' && typeof c.entity === 'string' && typeof c.field === 'string';
}

/** Changes grouped by the record they touched, in the order the handler made them. */
export function describeChanges(changes: unknown[] | null | undefined): ChangeGroup[] {
  const groups = new Map<string, ChangeGroup>();
  for (const change of changes ?? []) {
    if (!isChange(change)) continue;
    const id = String(change.id ?? '');
    const groupKey = `${change.entity}:${id}`;
    let group = groups.get(groupKey);
    if (!group) {
      group = { entity: change.entity, id, label: ENTITY[change.entity] ?? fieldLabel(change.entity), lines: [] };
      groups.set(groupKey, group);
    }
    const from = valueText(change.from);
    const to = valueText(change.to);
    // Handlers log a new record as one change of its pseudo-field "created".
    const kind = change.field === 'created' && from === null ? 'created' : from === null ? 'set' : to === null ? 'cleared' : 'changed';
    group.lines.push({ field: fieldLabel(change.field), from, to, kind });
  }
  return [...groups.values()];
}
