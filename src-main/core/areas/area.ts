import type { Kysely } from 'kysely';
import type { Clock } from '../platform/clock';
import type { Database } from '../platform/db/schema';
import type { Dialect } from '../platform/db/connect';
import type { createEventBus } from '../platform/events';
import type { JobRunner } from '../platform/jobs/runner';
import type { Logger } from '../platform/logger';
import type { PushHub } from '../platform/push/hub';
import type { SecretBox } from '../platform/secrets';
import type { GatewayFactories } from '../gateways';

export type EventBus = ReturnType<typeof createEventBus>;

/**
 * What every area module is built from (issue 9): the platform, never another area. An area that
 * needs something of another one takes it as a narrow port in its own deps (a function type it
 * declares), which the composition root (create-core.ts) wires; cross-area effects go through
 * typed events (src-shared/events.ts). Each area exports one `create<Area>Area(platform, ports)`.
 */
export interface AreaPlatform {
  /** The writer connection: writes and point lookups. */
  db: Kysely<Database>;
  /** Heavy reads (lists with search and counts, exports, aggregates): worker threads on SQLite. */
  reader: Kysely<Database>;
  dialect: Dialect;
  clock: Clock;
  jobs: JobRunner;
  events: EventBus;
  push: PushHub;
  secrets: SecretBox;
  logger: Logger;
  gateways: GatewayFactories;
  /** Where the console keeps its files. */
  dataDir: string;
}
