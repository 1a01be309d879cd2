import type { Role } from '@shared/domain';
import type { TablesOf } from '../../platform/db/table-columns';

// Tables of the identity area (tenants, people, tokens, sign-in), as the row types Kysely sees (camelCase; the database names are snake_case).

export interface TenantsTable {
  id: string;
  slug: string;
  name: string;
  freePackageId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  avatarUrl: string | null;
  createdAt: string;
  erasedAt: string | null;
}

export interface ApiTokensTable {
  id: string;
  tenantId: string;
  userId: string;
  role: Role;
  label: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  /** Written at most once a minute per token by authenticate. */
  lastUsedAt: string | null;
}

/** A one-time sign-in code (only its SHA-256 is stored); see areas/identity/session.ts. */
export interface SignInCodesTable {
  codeHash: string;
  tenantId: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

/** A team-server browser session: an api_tokens row carried in an HttpOnly cookie, plus how to tell it apart. */
export interface BrowserSessionsTable {
  tokenId: string;
  tenantId: string;
  userId: string;
  createdAt: string;
  userAgent: string | null;
  clientIp: string | null;
  endedAt: string | null;
}

export interface IdentityTables {
  tenants: TenantsTable;
  users: UsersTable;
  apiTokens: ApiTokensTable;
  signInCodes: SignInCodesTable;
  browserSessions: BrowserSessionsTable;
}

/** The same tables and columns at run time, for the schema test; TypeScript rejects a missing or extra one. */
export const IDENTITY_TABLES: TablesOf<IdentityTables> = {
  tenants: { id: true, slug: true, name: true, freePackageId: true, createdAt: true, updatedAt: true },
  users: { id: true, email: true, name: true, avatarUrl: true, createdAt: true, erasedAt: true },
  apiTokens: {
    id: true, tenantId: true, userId: true, role: true, label: true, createdAt: true, expiresAt: true, revokedAt: true, lastUsedAt: true,
  },
  signInCodes: { codeHash: true, tenantId: true, userId: true, createdAt: true, expiresAt: true, usedAt: true },
  browserSessions: { tokenId: true, tenantId: true, userId: true, createdAt: true, userAgent: true, clientIp: true, endedAt: true },
};
