import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as auth from '../../src-shared/schemas/auth';
import * as billing from '../../src-shared/schemas/billing';
import * as common from '../../src-shared/schemas/common';
import * as members from '../../src-shared/schemas/members';
import * as packages from '../../src-shared/schemas/packages';
import * as paymentMethods from '../../src-shared/schemas/payment-methods';
import * as segments from '../../src-shared/schemas/segments';
import * as settings from '../../src-shared/schemas/settings';
import * as tenants from '../../src-shared/schemas/tenants';
import * as webhooks from '../../src-shared/schemas/webhooks';

// Inputs are strict: an unknown key is a 400 naming it. `packages.upsert {isPopluar: true}` used to
// be saved without a word while `members.list` refused unknown keys. This walks every schema the
// shared modules export, into nested objects, so a new loose object fails here.
// (member-changes / member-import are the members area's, checked in its own tests.)
const MODULES = { auth, billing, common, members, packages, paymentMethods, segments, settings, tenants, webhooks };
/** Reads stored JSON, where a key of an older version must not lose the rest (see its comment). */
const STORED_NOT_INPUT = new Set(['paymentMethods.paymentMethodsConfigSchema']);

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: { _zod: { def: Def } };
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
}
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Paths of object schemas that accept unknown keys. */
function looseObjects(schema: z.ZodType, at: string, seen = new Set<unknown>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = defOf(schema);
  const walk = (s: z.ZodType | undefined, p: string) => (s ? looseObjects(s, p, seen) : []);
  switch (def.type) {
    case 'object':
      return [
        ...(def.catchall?._zod.def.type === 'never' ? [] : [at]),
        ...Object.entries(def.shape ?? {}).flatMap(([k, s]) => walk(s, `${at}.${k}`)),
      ];
    case 'pipe':
      return [...walk(def.in, at), ...walk(def.out, at)];
    case 'array':
      return walk(def.element, `${at}[]`);
    case 'union':
      return (def.options ?? []).flatMap((o, i) => walk(o, `${at}|${i}`));
    case 'record':
      return walk(def.valueType, `${at}{}`);
    default:
      return walk(def.innerType, at);
  }
}

const isSchema = (v: unknown): v is z.ZodType => typeof v === 'object' && v !== null && '_zod' in v;

describe('input schemas', () => {
  it('every exported object schema is strict, nested ones too', () => {
    const loose: string[] = [];
    let objects = 0;
    for (const [mod, exports] of Object.entries(MODULES)) {
      for (const [name, value] of Object.entries(exports)) {
        if (!isSchema(value) || STORED_NOT_INPUT.has(`${mod}.${name}`)) continue;
        objects++;
        loose.push(...looseObjects(value, `${mod}.${name}`));
      }
    }
    expect(objects).toBeGreaterThan(30);
    expect(loose).toEqual([]);
    // The walk does see a loose object, also behind optional/default/pipe/array:
    expect(looseObjects(z.strictObject({ a: z.array(z.object({ b: z.string() })).optional() }), 'x')).toEqual(['x.a[]']);
  });

  it('an unknown key is named as the field, nested ones with their path', () => {
    const upsert = packages.upsertPackageInput.safeParse({ name: 'Pro', price: 9, isPopluar: true });
    expect(upsert.success).toBe(false);
    expect(common.issueFields(upsert.error!.issues, 'input')).toEqual([['isPopluar', 'is not a field of this request']]);
    const nested = paymentMethods.setPaymentMethodsInput.safeParse({ bnpl: { afterpay: true, zip: true } });
    expect(common.issueFields(nested.error!.issues, 'input')).toEqual([['bnpl.zip', 'is not a field of this request']]);
  });

  it('posting back what GET /admin/packages answered still works: its read-only fields are ignored', () => {
    const parsed = packages.upsertPackageInput.parse({ id: 'pkg_abcdefgh1234', name: 'Pro', price: 9, saleState: 'none', effectivePrice: 9, syncState: 'local', syncError: null, archivedAt: null });
    expect(parsed).toEqual({ id: 'pkg_abcdefgh1234', name: 'Pro', price: 9 });
  });

  it.each([
    ['a tenant name', () => tenants.createTenantInput.safeParse({ slug: 'ok', name: 'Acme\u0000' }), 'name'],
    ['a package name', () => packages.upsertPackageInput.safeParse({ name: 'Pro\u001b[31m', price: 9 }), 'name'],
    ['a display feature', () => packages.upsertPackageInput.safeParse({ name: 'Pro', price: 9, displayFeatures: ['a\u0007'] }), 'displayFeatures.0'],
    ['a package description', () => packages.upsertPackageInput.safeParse({ name: 'Pro', price: 9, description: 'nul\u0000' }), 'description'],
    ['a segment name', () => segments.createSegmentInput.safeParse({ name: 'VIP\u0085', filter: {} }), 'name'],
    ['an endpoint description', () => webhooks.createWebhookEndpointInput.safeParse({ url: 'https://example.com', events: ['member.joined'], description: 'x\u007f' }), 'description'],
  ])('%s with a control character is refused, naming the field', (_what, parse, field) => {
    const r = parse();
    expect(r.success).toBe(false);
    expect(common.issueFields(r.error!.issues, 'input')).toContainEqual([field, common.CONTROL_CHARS_MESSAGE]);
  });

  it('a description may still have several lines; names keep accents and emoji', () => {
    expect(packages.upsertPackageInput.safeParse({ name: 'Café ☕ Pro', price: 9, description: 'Line one\n\tLine two\r\n' }).success).toBe(true);
    expect(tenants.createTenantInput.safeParse({ slug: 'ok', name: 'Zoë & Łukasz 🎉' }).success).toBe(true);
  });
});
