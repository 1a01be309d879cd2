import { JOIN_SOURCES, ROLES, type JoinSource, type Role } from '@shared/domain';
import type { ImportField } from '@shared/schemas/member-import';
import { emailSchema, hasNoControlChars } from '@shared/schemas/common';
import { unescapeFormula } from '../member-export';

/** What one valid row asks for; absent fields leave the member as they are. */
export interface RowValues {
  email: string;
  name?: string;
  role?: Role;
  joinSource?: JoinSource;
  joinedAt?: string;
  groups: string[];
  comped?: boolean;
}

export type Interpreted = { ok: true; values: RowValues } | { ok: false; email: string | null; error: string };

export const MAX_GROUP_NAME = 100;

const TRUE = new Set(['true', 'yes', 'y', '1', 'comped', 'complimentary']);
// Our export's tier column says free or paid when the member is not comped.
const FALSE = new Set(['false', 'no', 'n', '0', 'free', 'paid']);

const quote = (v: string) => `"${v.length > 60 ? `${v.slice(0, 57)}...` : v}"`;

/**
 * A date (YYYY-MM-DD, taken as midnight UTC) or an ISO 8601 date-time (a space instead of the T is
 * accepted, as spreadsheets write it; without a zone it is UTC). Impossible dates such as
 * 2021-02-30 are refused rather than rolled over.
 */
export function parseImportDate(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(value);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (day.getUTCFullYear() !== Number(y) || day.getUTCMonth() !== Number(mo) - 1 || day.getUTCDate() !== Number(d)) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${frac.slice(0, 4)}${zone.toUpperCase() === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Reads one CSV row through the mapping; every problem of the row is named in one message. */
export function interpretRow(fields: string[], index: Partial<Record<ImportField, number>>, columnCount: number, nowIso: string): Interpreted {
  const cell = (field: ImportField) => {
    const i = index[field];
    return i === undefined ? '' : unescapeFormula((fields[i] ?? '').trim());
  };
  const errors: string[] = [];
  if (fields.length !== columnCount) errors.push(`the row has ${fields.length} fields but the header has ${columnCount}`);

  const rawEmail = cell('email');
  let email: string | null = null;
  if (!rawEmail) errors.push('email: missing');
  else {
    const parsed = emailSchema.safeParse(rawEmail);
    if (parsed.success) email = parsed.data;
    else errors.push(`email: ${quote(rawEmail)} is not an email address`);
  }

  const values: RowValues = { email: email ?? '', groups: [] };
  const name = cell('name');
  if (name) {
    if (name.length > 120) errors.push('name: longer than 120 characters');
    else if (!hasNoControlChars(name)) errors.push('name: must not contain control characters');
    else values.name = name;
  }
  const role = cell('role');
  if (role) {
    const upper = role.toUpperCase();
    if ((ROLES as readonly string[]).includes(upper)) values.role = upper as Role;
    else errors.push(`role: ${quote(role)} is not a role (use MEMBER or ADMIN)`);
  }
  const joinSource = cell('joinSource');
  if (joinSource) {
    const lower = joinSource.toLowerCase();
    if ((JOIN_SOURCES as readonly string[]).includes(lower)) values.joinSource = lower as JoinSource;
    else errors.push(`joinSource: ${quote(joinSource)} is not one of ${JOIN_SOURCES.join(', ')}`);
  }
  const joinedAt = cell('joinedAt');
  if (joinedAt) {
    const iso = parseImportDate(joinedAt);
    if (!iso) errors.push(`joinedAt: ${quote(joinedAt)} is not a date we can read${dateHint(joinedAt)}`);
    else if (iso > nowIso) errors.push(`joinedAt: ${quote(joinedAt)} is in the future`);
    else values.joinedAt = iso;
  }
  const groups = cell('groups');
  if (groups) {
    const names = [...new Set(groups.split(',').map((g) => g.trim()).filter(Boolean))];
    const tooLong = names.find((g) => g.length > MAX_GROUP_NAME);
    if (tooLong) errors.push(`groups: ${quote(tooLong)} is longer than ${MAX_GROUP_NAME} characters`);
    else if (!names.every(hasNoControlChars)) errors.push('groups: a group name must not contain control characters');
    else values.groups = names;
  }
  const comped = cell('comped').toLowerCase();
  if (comped) {
    if (TRUE.has(comped)) values.comped = true;
    else if (FALSE.has(comped)) values.comped = false;
    else errors.push(`comped: ${quote(cell('comped'))} is not true or false`);
  }

  return errors.length ? { ok: false, email, error: errors.join('; ') } : { ok: true, values };
}

/**
 * How to write a join date we could not read, with the owner's own date rewritten when it can be
 * told apart ("15/03/2024" can only be 15 March): "; write it as year-month-day, like 2024-03-15".
 */
function dateHint(text: string): string {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text.trim());
  const pad = (n: number) => String(n).padStart(2, '0');
  if (m) {
    const [a, b, year] = [Number(m[1]), Number(m[2]), m[3]];
    // Only when one of the two numbers cannot be a month is the order certain.
    const [day, month] = a > 12 && b <= 12 ? [a, b] : b > 12 && a <= 12 ? [b, a] : [0, 0];
    if (day && month) return `; write it as year-month-day, like ${year}-${pad(month)}-${pad(day)}`;
  }
  return '; write it as year-month-day, like 2024-03-15';
}
