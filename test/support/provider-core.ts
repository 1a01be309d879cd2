import type { Clock } from '../../src-main/core/platform/clock';
import type { ProviderEnv } from '../../src-main/core/areas/settings/provider-config';
import { makeTestCore, type TestCore, type TestDialect } from './core';

/**
 * A test core with the payment providers' settings given explicitly (the local fakes' URLs and
 * keys), so nothing is read from the machine's environment.
 */
export function makeProviderCore(dialect: TestDialect, options: { clock?: Clock; providers?: ProviderEnv } = {}): Promise<TestCore> {
  return makeTestCore(dialect, { clock: options.clock, providers: { timeoutMs: 5_000, ...options.providers } });
}
