import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDir, makePrivateFile } from './db/private-files';

/**
 * Encrypts secrets at rest (provider keys, webhook secrets, the token signing key) with
 * AES-256-GCM. The master key comes from TENANT_CONSOLE_MASTER_KEY (base64, 32 bytes) or from a
 * key file in the data directory, created with mode 0600 on first use.
 */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

const VERSION = 'v1';

export function createSecretBox(masterKey: Buffer): SecretBox {
  if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split(':');
      if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', masterKey, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    },
  };
}

/** The desktop app keeps the key sealed by the OS keychain beside the plain key file's name. */
export const SEALED_SUFFIX = '.safe';

export function loadMasterKey(options: { envValue?: string; keyFile: string }): Buffer {
  if (options.envValue) {
    const key = Buffer.from(options.envValue, 'base64');
    if (key.length !== 32) throw new Error('TENANT_CONSOLE_MASTER_KEY must be 32 bytes in base64');
    return key;
  }
  ensurePrivateDir(dirname(options.keyFile));
  if (existsSync(options.keyFile)) {
    makePrivateFile(options.keyFile);
    return Buffer.from(readFileSync(options.keyFile, 'utf8').trim(), 'base64');
  }
  // The desktop app moved the key into the OS keychain: a new key here would make every secret
  // sealed with the old one unreadable, so the headless mode asks for the key instead.
  if (existsSync(options.keyFile + SEALED_SUFFIX)) {
    throw new Error(
      `the master key of ${dirname(options.keyFile)} is sealed by the desktop app's keychain (${options.keyFile}${SEALED_SUFFIX}); ` +
        'set TENANT_CONSOLE_MASTER_KEY to it to run headless on the same data folder',
    );
  }
  const key = randomBytes(32);
  writeFileSync(options.keyFile, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  makePrivateFile(options.keyFile);
  return key;
}
