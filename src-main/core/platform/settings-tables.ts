import type { Generated } from 'kysely';
import type { TablesOf, Bool } from './db/table-columns';

// The console's key-value settings (platform/settings-store.ts; Settings and every area keep theirs here), as the row types Kysely sees (camelCase; the database names are snake_case).

export interface SettingsTable {
  scope: string;
  key: string;
  value: string;
  isSecret: Generated<Bool>;
  updatedAt: string;
}

export interface SettingsTables {
  settings: SettingsTable;
}

/** The same tables and columns at run time, for the schema test; TypeScript rejects a missing or extra one. */
export const SETTINGS_TABLES: TablesOf<SettingsTables> = {
  settings: { scope: true, key: true, value: true, isSecret: true, updatedAt: true },
};
