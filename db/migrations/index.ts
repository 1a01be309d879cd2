import type { Migration } from 'kysely';
import * as createPlatformTables from './20261122083000_create_platform_tables';
import * as createMemberSearch from './20261122083100_create_member_search';

// Registered statically so that a bundled app finds them. Names are `<timestamp>_<verb>_<object>`;
// Kysely's migrator refuses a set whose order was changed after it ran (forward-only, no `down`).
export const migrations: Record<string, Migration> = {
  '20261122083000_create_platform_tables': createPlatformTables,
  '20261122083100_create_member_search': createMemberSearch,
};
