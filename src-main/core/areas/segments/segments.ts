import {
  createSegmentInput,
  segmentIdInput,
  updateSegmentInput,
  type CreateSegmentInput,
  type Segment,
  type SegmentCount,
  type UpdateSegmentInput,
} from '@shared/schemas/segments';
import type { MemberFilter } from '@shared/schemas/members';
import type { Clock } from '../../platform/clock';
import { isUniqueViolation } from '../../platform/db/errors';
import { conflict, DomainError } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { SegmentRow, SegmentsRepository } from './repositories/segments';
import type { MemberService } from '../members/members';

/** Saved segments: a member filter under a name unique in the tenant (ignoring case). */
export function segmentService(deps: { clock: Clock; segments: SegmentsRepository; members: Pick<MemberService, 'criteriaFor' | 'count'> }) {
  const { segments } = deps;

  async function requireSegment(tenantId: string, id: string): Promise<SegmentRow> {
    const row = await segments.find(tenantId, id);
    if (!row) throw new DomainError('NOT_FOUND', `id: segment ${id} was not found`, { field: 'id' });
    return row;
  }

  async function assertNameFree(tenantId: string, name: string, exceptId?: string) {
    const taken = (await segments.list(tenantId)).find((s) => s.id !== exceptId && s.name.toLowerCase() === name.toLowerCase());
    if (taken) throw conflict(`name: a segment named "${taken.name}" already exists`, 'name');
  }

  /** The same checks members.list makes: the filter's group, space and package are this tenant's. */
  async function assertFilterUsable(tenantId: string, filter: MemberFilter) {
    await deps.members.criteriaFor(tenantId, { filter });
  }

  async function write(name: string, op: () => Promise<void>) {
    try {
      await op();
    } catch (err) {
      // Two saves of one name at once: the unique index decides, and the loser hears why.
      if (isUniqueViolation(err)) throw conflict(`name: a segment named "${name}" already exists`, 'name');
      throw err;
    }
  }

  return {
    async list(tenantId: string): Promise<Segment[]> {
      return (await segments.list(tenantId)).map(toSegment);
    },

    async create(tenantId: string, raw: CreateSegmentInput): Promise<Segment> {
      const input = createSegmentInput.parse(raw);
      await assertNameFree(tenantId, input.name);
      await assertFilterUsable(tenantId, input.filter);
      const row: SegmentRow = { id: newId('segment'), tenantId, name: input.name, filter: JSON.stringify(input.filter), createdAt: deps.clock.nowIso() };
      await write(input.name, () => segments.insert(row));
      return toSegment(row);
    },

    async update(tenantId: string, raw: UpdateSegmentInput): Promise<Segment> {
      const input = updateSegmentInput.parse(raw);
      const current = await requireSegment(tenantId, input.id);
      if (input.name !== undefined) await assertNameFree(tenantId, input.name, input.id);
      if (input.filter !== undefined) await assertFilterUsable(tenantId, input.filter);
      const changes = {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.filter !== undefined && { filter: JSON.stringify(input.filter) }),
      };
      await write(input.name ?? current.name, () => segments.update(tenantId, input.id, changes));
      return toSegment({ ...current, ...changes });
    },

    async delete(tenantId: string, raw: { id: string }): Promise<{ id: string; deleted: true }> {
      const { id } = segmentIdInput.parse(raw);
      if (!(await segments.delete(tenantId, id))) throw new DomainError('NOT_FOUND', `id: segment ${id} was not found`, { field: 'id' });
      return { id, deleted: true };
    },

    async count(tenantId: string, raw: { id: string }): Promise<SegmentCount> {
      const { id } = segmentIdInput.parse(raw);
      await requireSegment(tenantId, id);
      return { id, count: await deps.members.count(tenantId, { segmentId: id }) };
    },
  };
}
export type SegmentService = ReturnType<typeof segmentService>;

function toSegment(row: SegmentRow): Segment {
  // Validated when saved; members.list checks it again before using it (services/members.ts).
  return { id: row.id, name: row.name, filter: JSON.parse(row.filter) as MemberFilter, createdAt: row.createdAt };
}
