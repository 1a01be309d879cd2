import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import type { Logger } from '../core/platform/logger';
import { SEALED_SUFFIX } from '../core/platform/secrets';

/** The parts of Electron's safeStorage we use (the OS keychain: Keychain, DPAPI, libsecret/kwallet). */
export type KeySealer = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

export const PLAIN_KEY_FILE = 'master.key';
export const SEALED_KEY_FILE = PLAIN_KEY_FILE + SEALED_SUFFIX;

/** True when sealing protects anything: on Linux without a keyring Electron falls back to a fixed key. */
export function canSeal(sealer: KeySealer, platform: NodeJS.Platform = process.platform): boolean {
  if (!sealer.isEncryptionAvailable()) return false;
  return !(platform === 'linux' && sealer.getSelectedStorageBackend?.() === 'basic_text');
}

function decodeKey(base64: string, where: string): string {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${where} does not hold a 32-byte master key`);
  return key.toString('base64');
}

/**
 * The desktop app's master key (base64), kept in master.key.safe sealed by the OS keychain, so the
 * key never sits on disk in the clear. A plain master.key from the headless mode or an older
 * version is moved into it. Returns undefined where the OS cannot seal: the core then uses the
 * plain key file, as the headless mode does. TENANT_CONSOLE_MASTER_KEY, when set, wins over both.
 */
export function desktopMasterKey(options: { dataDir: string; sealer: KeySealer; envValue?: string; logger: Logger; platform?: NodeJS.Platform }): string | undefined {
  const { dataDir, sealer, logger } = options;
  if (options.envValue) return options.envValue;
  if (!canSeal(sealer, options.platform)) {
    logger.warn('the OS keychain cannot seal the master key here; it stays in the plain key file', { file: join(dataDir, PLAIN_KEY_FILE) });
    return undefined;
  }
  const plainFile = join(dataDir, PLAIN_KEY_FILE);
  const sealedFile = join(dataDir, SEALED_KEY_FILE);

  if (existsSync(sealedFile)) {
    let key: string;
    try {
      key = decodeKey(sealer.decryptString(readFileSync(sealedFile)), SEALED_KEY_FILE);
    } catch (err) {
      throw new Error(
        `${sealedFile} could not be unsealed by the OS keychain (${(err as Error).message}); set TENANT_CONSOLE_MASTER_KEY to the key, or move the file away to start over without the stored secrets`,
      );
    }
    if (existsSync(plainFile)) {
      // Left by an interrupted move (same key: finish it), or written since by the headless mode.
      if (decodeKey(readFileSync(plainFile, 'utf8'), PLAIN_KEY_FILE) !== key) {
        throw new Error(`${plainFile} and ${sealedFile} hold different master keys; keep the one your secrets were sealed with and remove the other`);
      }
      rmSync(plainFile);
    }
    return key;
  }

  const fromPlain = existsSync(plainFile);
  const key = fromPlain ? decodeKey(readFileSync(plainFile, 'utf8'), PLAIN_KEY_FILE) : randomBytes(32).toString('base64');
  const sealed = sealer.encryptString(key);
  if (sealer.decryptString(sealed) !== key) throw new Error('the OS keychain did not give back the master key it sealed');
  // Written whole, then renamed into place: a crash never leaves half a sealed key.
  const partial = `${sealedFile}.partial`;
  writeFileSync(partial, sealed, { mode: 0o600 });
  renameSync(partial, sealedFile);
  if (fromPlain) {
    rmSync(plainFile);
    logger.info('moved the master key into the OS keychain-sealed file', { file: sealedFile });
  }
  return key;
}
