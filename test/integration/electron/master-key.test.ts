import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCore } from '../../../src-main/core/create-core';
import { silentLogger } from '../../../src-main/core/platform/logger';
import { desktopMasterKey, PLAIN_KEY_FILE, SEALED_KEY_FILE, type KeySealer } from '../../../src-main/electron/master-key';

// Stands in for the OS keychain: a secret of its own that never reaches the disk.
function fakeKeychain(options: { available?: boolean; backend?: ReturnType<NonNullable<KeySealer['getSelectedStorageBackend']>> } = {}) {
  const secret = randomBytes(16);
  const xor = (data: Buffer) => Buffer.from(data.map((byte, i) => byte ^ secret[i % secret.length]!));
  return {
    isEncryptionAvailable: vi.fn(() => options.available ?? true),
    getSelectedStorageBackend: vi.fn(() => options.backend ?? 'gnome_libsecret'),
    encryptString: vi.fn((plain: string) => Buffer.concat([Buffer.from('sealed:'), xor(Buffer.from(plain))])),
    decryptString: vi.fn((sealed: Buffer) => {
      if (!sealed.subarray(0, 7).equals(Buffer.from('sealed:'))) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return xor(sealed.subarray(7)).toString();
    }),
  } satisfies KeySealer;
}

let dataDir: string;
const plain = () => join(dataDir, PLAIN_KEY_FILE);
const sealed = () => join(dataDir, SEALED_KEY_FILE);

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'tc-master-key-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the desktop master key', () => {
  it('is created sealed by the OS keychain: no plain key on disk, the same key on the next start', () => {
    const keychain = fakeKeychain();
    const key = desktopMasterKey({ dataDir, sealer: keychain, logger: silentLogger, platform: 'linux' });
    expect(Buffer.from(key!, 'base64')).toHaveLength(32);
    expect(existsSync(plain())).toBe(false);
    expect(readFileSync(sealed()).includes(Buffer.from(key!))).toBe(false);
    if (process.platform !== 'win32') expect(statSync(sealed()).mode & 0o777).toBe(0o600);
    expect(desktopMasterKey({ dataDir, sealer: keychain, logger: silentLogger, platform: 'linux' })).toBe(key);
  });

  it('moves an existing plain master.key into the sealed file, and the core still opens its secrets', async () => {
    // A console that ran headless first: its key file, and a provider secret sealed with it.
    const headless = await createCore({ dataDir, logger: silentLogger });
    await headless.close();
    const oldKey = readFileSync(plain(), 'utf8').trim();

    const info = vi.fn();
    const key = desktopMasterKey({ dataDir, sealer: fakeKeychain(), logger: { ...silentLogger, info }, platform: 'darwin' });
    expect(key).toBe(oldKey);
    expect(existsSync(plain())).toBe(false);
    expect(existsSync(sealed())).toBe(true);
    expect(info).toHaveBeenCalledWith(expect.stringContaining('moved the master key'), expect.anything());

    // The desktop core, given the unsealed key, does not make a new key file.
    const desktop = await createCore({ dataDir, masterKey: key, logger: silentLogger });
    await desktop.close();
    expect(existsSync(plain())).toBe(false);
  });

  it('finishes a move interrupted after sealing, and refuses two different keys', () => {
    const keychain = fakeKeychain();
    const key = desktopMasterKey({ dataDir, sealer: keychain, logger: silentLogger, platform: 'linux' })!;
    writeFileSync(plain(), key + '\n');
    expect(desktopMasterKey({ dataDir, sealer: keychain, logger: silentLogger, platform: 'linux' })).toBe(key);
    expect(existsSync(plain())).toBe(false);

    writeFileSync(plain(), randomBytes(32).toString('base64') + '\n');
    expect(() => desktopMasterKey({ dataDir, sealer: keychain, logger: silentLogger, platform: 'linux' })).toThrow(/hold different master keys/);
    expect(existsSync(plain())).toBe(true);
  });

  it('says what to do when the keychain cannot unseal the file (e.g. another user account)', () => {
    desktopMasterKey({ dataDir, sealer: fakeKeychain(), logger: silentLogger, platform: 'linux' });
    expect(() => desktopMasterKey({ dataDir, sealer: fakeKeychain(), logger: silentLogger, platform: 'linux' })).toThrow(
      /could not be unsealed by the OS keychain .*TENANT_CONSOLE_MASTER_KEY/,
    );
  });

  it('leaves the plain key file to the core where the OS cannot seal, or only pretends to (Linux basic_text)', () => {
    const warn = vi.fn();
    for (const keychain of [fakeKeychain({ available: false }), fakeKeychain({ backend: 'basic_text' })]) {
      expect(desktopMasterKey({ dataDir, sealer: keychain, logger: { ...silentLogger, warn }, platform: 'linux' })).toBeUndefined();
      expect(keychain.encryptString).not.toHaveBeenCalled();
    }
    expect(warn).toHaveBeenCalledTimes(2);
    expect(existsSync(sealed())).toBe(false);
  });

  it('uses TENANT_CONSOLE_MASTER_KEY when it is set, touching no file', () => {
    const envValue = randomBytes(32).toString('base64');
    const keychain = fakeKeychain();
    expect(desktopMasterKey({ dataDir, sealer: keychain, envValue, logger: silentLogger })).toBe(envValue);
    expect(keychain.encryptString).not.toHaveBeenCalled();
    expect(existsSync(sealed())).toBe(false);
  });
});
