import type { Kysely } from 'kysely';
import type { ImportRowStatus } from '@shared/schemas/member-import';
import type { Role } from '@shared/domain';
import type { Database } from '@core/platform/db/schema';
import { chunks } from '../repositories/member-records';
import { isEffectivelyComped } from '../member-changes';
import type { RowValues } from './rows';

// What a valid row would do to the community as it is now. The dry run and the commit use the
// same planner, so a commit does what its preview said unless members changed in between.

export interface MemberState {
  userId: string;
  name: string;
  membership: { role: Role; status: 'active' | 'removed'; isComped: number; compedUntil: string | null } | null;
  /** Lower-cased names of the groups they are in here. */
  groups: Set<string>;
  /** They also belong to another tenant, which shows the same name: the import keeps it. */
  shared: boolean;
}

/** What the planner needs beyond the row: who may not be demoted, and whether ADMIN is granted. */
export interface PlanContext {
  /** The dry run counts the active ADMINs left as it walks the file (see planRow). */
  admins?: { remaining: number };
  consoleOwnerId: string;
  /** The commit's opt-in. */
  grantAdmin: boolean;
  /** The dry run: an ADMIN grant shows as a change (with a warning) whether or not it will apply. */
  preview: boolean;
}

export const ADMIN_GRANT_WARNING = 'grants ADMIN: imported as MEMBER unless you choose to grant ADMIN when importing';
export const ADMIN_NOT_GRANTED = 'ADMIN not granted: the import was not allowed to grant ADMIN';
export const NAME_KEPT_WARNING = 'name not changed: this person also belongs to another community on this console, which shows the same name';

export type TenantGroups = Map<string, { id: string; name: string }>;

export interface RowPlan {
  status: Exclude<ImportRowStatus, 'error'> | 'error';
  changes: string[];
  warnings: string[];
  error?: string;
  /** For new rows: the role they join with (MEMBER unless ADMIN is granted). */
  role?: Role;
  /** For updated rows: what to apply. */
  update?: { name?: string; role?: Role; comped?: boolean; addGroups: string[] };
}

export async function loadTenantGroups(db: Kysely<Database>, tenantId: string): Promise<TenantGroups> {
  const rows = await db.selectFrom('groups').select(['id', 'name']).where('tenantId', '=', tenantId).orderBy('createdAt').execute();
  const groups: TenantGroups = new Map();
  for (const g of rows) if (!groups.has(g.name.toLowerCase())) groups.set(g.name.toLowerCase(), g);
  return groups;
}

/** The current state of the people these (lower-case) emails belong to, keyed by email. */
export async function loadStates(db: Kysely<Database>, tenantId: string, emails: string[]): Promise<Map<string, MemberState>> {
  const states = new Map<string, MemberState>();
  for (const part of chunks(emails)) {
    const rows = await db
      .selectFrom('users as u')
      .leftJoin('memberships as m', (join) => join.onRef('m.userId', '=', 'u.id').on('m.tenantId', '=', tenantId))
      .select(['u.id', 'u.email', 'u.name', 'm.role', 'm.status', 'm.isComped', 'm.compedUntil'])
      .where('u.email', 'in', part)
      .execute();
    for (const r of rows) {
      states.set(r.email, {
        userId: r.id,
        name: r.name,
        membership: r.role && r.status ? { role: r.role, status: r.status, isComped: r.isComped ?? 0, compedUntil: r.compedUntil } : null,
        groups: new Set(),
        shared: false,
      });
    }
  }
  for (const part of chunks([...states.values()].map((st) => st.userId))) {
    const rows = await db.selectFrom('memberships').select(['userId', 'tenantId']).where('userId', 'in', part).execute();
    const shared = new Set(rows.filter((r) => r.tenantId !== tenantId).map((r) => r.userId));
    for (const st of states.values()) if (shared.has(st.userId)) st.shared = true;
  }
  const byUser = new Map([...states.values()].map((s) => [s.userId, s]));
  for (const part of chunks([...byUser.keys()])) {
    const rows = await db
      .selectFrom('groupMembers as gm')
      .innerJoin('groups as g', 'g.id', 'gm.groupId')
      .select(['gm.userId', 'g.name'])
      .where('g.tenantId', '=', tenantId)
      .where('gm.userId', 'in', part)
      .execute();
    for (const r of rows) byUser.get(r.userId)?.groups.add(r.name.toLowerCase());
  }
  return states;
}

/**
 * The verdict for one valid row. `ctx.admins` counts the active ADMINs left as the dry run walks
 * the file, so that a file demoting every admin is refused on the row that would demote the last
 * one. An ADMIN grant is shown as a change with a warning and applied only with ctx.grantAdmin;
 * a name shared with another tenant is kept, with a warning.
 */
export function planRow(values: RowValues, state: MemberState | undefined, nowIso: string, ctx: PlanContext): RowPlan {
  const { admins } = ctx;
  const m = state?.membership;
  const warnings: string[] = [];
  if (!state || !m || m.status === 'removed') {
    const changes = m?.status === 'removed' ? ['rejoins (was removed)'] : [];
    let role: Role = 'MEMBER';
    if (values.role === 'ADMIN') {
      if (ctx.grantAdmin) role = 'ADMIN';
      if (ctx.grantAdmin || ctx.preview) changes.push('role: ADMIN');
      if (!ctx.grantAdmin) warnings.push(ctx.preview ? ADMIN_GRANT_WARNING : ADMIN_NOT_GRANTED);
    }
    if (state && values.name !== undefined && values.name !== state.name) {
      warnings.push(state.shared ? NAME_KEPT_WARNING : 'name not changed: this person already has an account on this console, which keeps its name');
    }
    return { status: 'new', changes, warnings, role };
  }
  const changes: string[] = [];
  const update: NonNullable<RowPlan['update']> = { addGroups: [] };
  if (values.name !== undefined && values.name !== state.name) {
    if (state.shared) warnings.push(NAME_KEPT_WARNING);
    else {
      changes.push('name');
      update.name = values.name;
    }
  }
  if (values.role !== undefined && values.role !== m.role) {
    if (m.role === 'ADMIN' && state.userId === ctx.consoleOwnerId) {
      return { status: 'error', changes: [], warnings: [], error: 'role: the console owner cannot be demoted in any community' };
    }
    if (m.role === 'ADMIN' && admins) {
      if (admins.remaining <= 1) return { status: 'error', changes: [], warnings: [], error: 'role: would demote the last ADMIN of this community' };
      admins.remaining--;
    }
    if (values.role === 'ADMIN') {
      // The dry run shows the grant either way; without the opt-in the member keeps their role.
      if (ctx.grantAdmin) update.role = 'ADMIN';
      if (ctx.grantAdmin || ctx.preview) changes.push(`role: ${m.role} → ${values.role}`);
      if (!ctx.grantAdmin) warnings.push(ctx.preview ? ADMIN_GRANT_WARNING : ADMIN_NOT_GRANTED);
    } else {
      changes.push(`role: ${m.role} → ${values.role}`);
      update.role = values.role;
    }
  }
  if (values.comped !== undefined && values.comped !== isEffectivelyComped(m, nowIso)) {
    changes.push(values.comped ? 'comped' : 'no longer comped');
    update.comped = values.comped;
  }
  const missing = values.groups.filter((g) => !state.groups.has(g.toLowerCase()));
  if (missing.length) {
    changes.push(`groups: + ${missing.join(', ')}`);
    update.addGroups = missing;
  }
  if (changes.length === 0) return { status: 'unchanged', changes: [], warnings };
  return { status: 'updated', changes, warnings, update };
}
