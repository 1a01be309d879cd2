// How each area declares its tables twice: as row interfaces for Kysely, and as a run-time list of
// columns that the schema test compares with the migrated database. The run-time list is typed from
// the interfaces, so TypeScript rejects a column missing from it or one the interface lacks.

/** Booleans are stored as 0/1 (the same on both dialects). */
export type Bool = number;

/** Every column of a row interface, by its camelCase key. */
export type ColumnsOf<Row> = { readonly [K in keyof Row]-?: true };

/** Every table of an area, by its camelCase name, with its columns. */
export type TablesOf<Tables> = { readonly [T in keyof Tables]-?: ColumnsOf<Tables[T]> };
