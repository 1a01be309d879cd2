import type { z } from 'zod';
import { issueFields } from '@shared/schemas/common';
import { packageIdSchema, publicPackagesInput, upsertPackageInput } from '@shared/schemas/packages';
import { DomainError } from '../../platform/errors';
import { callerOf } from '../../platform/http/auth';
import type { RouteModule } from '../../platform/http/routes';

/** Parses at the edge; a failure is a 400 `{error, message: "field: reason", field}` (first field named; an unknown key is named too). */
function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fields = issueFields(parsed.error.issues, 'body');
  throw new DomainError('VALIDATION', fields.map(([f, m]) => `${f}: ${m}`).join('; '), { field: fields[0]?.[0] ?? 'body' });
}

/** The seed's REST package API, served by the same service as the tRPC procedures. */
export const packagesRoutes: RouteModule = (app, core) => {
  const packages = core.services.packages;

  app.get('/public/packages', { config: { level: 'public' } }, async (req) => {
    const { tenant } = parseOrThrow(publicPackagesInput, req.query ?? {});
    return packages.listPublic(tenant);
  });

  app.get('/admin/packages', { config: { level: 'tenantAdmin' } }, async (req) => {
    const auth = callerOf(req);
    return packages.list(auth.tenantId);
  });

  app.post('/admin/packages', { config: { level: 'tenantAdmin' } }, async (req, reply) => {
    const auth = callerOf(req);
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
      throw new DomainError('VALIDATION', 'body: must be a JSON object describing the package', { field: 'body' });
    }
    const input = parseOrThrow(upsertPackageInput, req.body);
    const result = await packages.upsert(auth.tenantId, auth.userId, input);
    return reply.code(result.created ? 201 : 200).send(result.package);
  });

  app.delete<{ Params: { id: string } }>('/admin/packages/:id', { config: { level: 'tenantAdmin' } }, async (req, reply) => {
    const auth = callerOf(req);
    const id = req.params.id;
    // A malformed id cannot name a package of this tenant: the same 404 as an unknown one.
    if (!packageIdSchema.safeParse(id).success) {
      throw new DomainError('NOT_FOUND', `no package with id ${id} in this tenant`, { field: 'id' });
    }
    const result = await packages.remove(auth.tenantId, auth.userId, id);
    if ('deleted' in result) return reply.code(204).send();
    return reply.code(200).send({ archived: true, reason: result.reason, package: result.package });
  });
};
