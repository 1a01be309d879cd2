import { type Kysely, sql } from 'kysely';

// Metered feature use (the seed's maxAiPosts: AI generations per month), one row per member,
// metric and calendar month ('YYYY-MM', UTC). The primary key over the four lets a consumer add
// to the counter with one conditional upsert, which is what keeps concurrent callers from
// overshooting a limit. Never import app code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('usage_counters')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0).check(sql`count >= 0`))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_counters_pk', ['tenant_id', 'user_id', 'metric', 'period'])
    .execute();
  await db.schema.createIndex('usage_counters_user_idx').on('usage_counters').column('user_id').execute();
}
