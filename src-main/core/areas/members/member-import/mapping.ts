import { IMPORT_FIELDS, type ImportField, type ImportMapping } from '@shared/schemas/member-import';
import { DomainError } from '@core/platform/errors';

// Which CSV column fills which field. Headers are compared without case, spaces or punctuation,
// so "Email Address", "email_address" and "E-mail" all mean the same; the first synonym found wins.
// Our own export's columns and Ghost's member export columns are all covered:
//   ours:  email, name, role, join_source, tier, subscription_status, joined_at, last_active_at, groups
//   Ghost: id, email, name, note, subscribed_to_emails, complimentary_plan, stripe_customer_id,
//          created_at, deleted_at, labels, tiers
const SYNONYMS: Record<ImportField, string[]> = {
  email: ['email', 'emailaddress', 'mail'],
  name: ['name', 'fullname', 'membername', 'displayname'],
  role: ['role'],
  joinSource: ['joinsource'],
  joinedAt: ['joinedat', 'createdat', 'joined', 'joindate', 'signupdate', 'memberssince', 'membersince'],
  groups: ['groups', 'labels', 'group', 'label'],
  // Our export's tier column says "comped" for complimentary access; Ghost has complimentary_plan.
  comped: ['comped', 'complimentaryplan', 'complimentary', 'tier'],
};

const normalise = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

export function autoMapping(columns: string[]): ImportMapping {
  const used = new Set<string>();
  const mapping: ImportMapping = {};
  for (const field of IMPORT_FIELDS) {
    for (const synonym of SYNONYMS[field]) {
      const column = columns.find((c) => !used.has(c) && normalise(c) === synonym);
      if (column) {
        mapping[field] = column;
        used.add(column);
        break;
      }
    }
    mapping[field] ??= null;
  }
  return mapping;
}

export function recognise(columns: string[]): 'tenant_console' | 'ghost' | null {
  const set = new Set(columns.map(normalise));
  if (['email', 'joinsource', 'tier', 'joinedat'].every((c) => set.has(c))) return 'tenant_console';
  if (['email', 'complimentaryplan', 'subscribedtoemails'].every((c) => set.has(c))) return 'ghost';
  return null;
}

/** The owner's mapping, checked against the file's columns; fields left out are not imported. */
export function checkMapping(mapping: ImportMapping, columns: string[]): ImportMapping {
  const out: ImportMapping = {};
  const usedBy = new Map<string, ImportField>();
  for (const field of IMPORT_FIELDS) {
    const column = mapping[field] ?? null;
    if (column !== null) {
      if (!columns.includes(column)) {
        throw new DomainError('VALIDATION', `mapping.${field}: the file has no column "${column}"`, { field: `mapping.${field}` });
      }
      const other = usedBy.get(column);
      if (other) {
        throw new DomainError('VALIDATION', `mapping.${field}: column "${column}" is already mapped to ${other}`, { field: `mapping.${field}` });
      }
      usedBy.set(column, field);
    }
    out[field] = column;
  }
  if (!out.email) {
    throw new DomainError('VALIDATION', 'mapping.email: choose the column that holds the email address', { field: 'mapping.email' });
  }
  return out;
}

export function ignoredColumns(mapping: ImportMapping, columns: string[]): string[] {
  const used = new Set(Object.values(mapping).filter((c): c is string => !!c));
  return columns.filter((c) => !used.has(c));
}

/** Field → position in the row, for the mapped fields. */
export function columnIndex(mapping: ImportMapping, columns: string[]): Partial<Record<ImportField, number>> {
  const index: Partial<Record<ImportField, number>> = {};
  for (const field of IMPORT_FIELDS) {
    const column = mapping[field];
    if (column) index[field] = columns.indexOf(column);
  }
  return index;
}
