import type { DatabaseHandle } from '../../src-main/core/db/connect';

export interface SeedOptions {
  tenantSlug: string;
  tenantName?: string;
  members: number;
  /** The console owner: made an ADMIN of the seeded tenant. */
  ownerUserId: string;
  /** "Today" for the generated history (ISO). */
  now: string;
  /** PRNG seed; the same seed and options give the same data. */
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedReport {
  tenantId: string;
  members: number;
}

// TODO(seed helper): replaced by the real generator.
export async function seedDemoData(_db: DatabaseHandle, _options: SeedOptions): Promise<SeedReport> {
  throw new Error('not implemented yet');
}
