import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyDatabaseError } from '../../src-main/core/platform/db/errors';
import { createSecretBox, loadMasterKey } from '../../src-main/core/platform/secrets';

describe('secrets at rest', () => {
  it('seals so the stored text reveals nothing and opens only with the same key', () => {
    const box = createSecretBox(randomBytes(32));
    const sealed = box.seal('sk_live_123');
    expect(sealed).not.toContain('sk_live');
    expect(box.seal('sk_live_123')).not.toBe(sealed); // a fresh IV every time
    expect(box.open(sealed)).toBe('sk_live_123');
    expect(() => createSecretBox(randomBytes(32)).open(sealed)).toThrow();
    const parts = sealed.split(':');
    const body = Buffer.from(parts[3]!, 'base64');
    body[0] = body[0]! ^ 1;
    const tampered = [...parts.slice(0, 3), body.toString('base64')].join(':');
    expect(() => box.open(tampered)).toThrow();
  });

  it('creates the key file once, readable by the owner only', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tc-key-')), 'master.key');
    const key = loadMasterKey({ keyFile: file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadMasterKey({ keyFile: file }).equals(key)).toBe(true);
    expect(readFileSync(file, 'utf8').trim()).toBe(key.toString('base64'));
    expect(() => loadMasterKey({ keyFile: file, envValue: 'dG9vIHNob3J0' })).toThrow(/32 bytes/);
  });

  it('never makes a new key where the desktop app sealed the old one in the keychain', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-key-'));
    writeFileSync(join(dir, 'master.key.safe'), 'sealed bytes');
    expect(() => loadMasterKey({ keyFile: join(dir, 'master.key') })).toThrow(/sealed by the desktop app.*TENANT_CONSOLE_MASTER_KEY/);
    expect(existsSync(join(dir, 'master.key'))).toBe(false);
    const key = randomBytes(32);
    expect(loadMasterKey({ keyFile: join(dir, 'master.key'), envValue: key.toString('base64') }).equals(key)).toBe(true);
  });
});

describe('database error classes', () => {
  it.each([
    ['SQLITE_CONSTRAINT_UNIQUE', 'unique'],
    ['23505', 'unique'],
    ['SQLITE_BUSY', 'busy'],
    ['SQLITE_FULL', 'full'],
    ['53100', 'full'],
    ['SQLITE_READONLY_DBMOVED', 'readonly'],
    ['SQLITE_CORRUPT', 'corrupt'],
    ['SQLITE_NOTADB', 'corrupt'],
    ['ECONNREFUSED', 'other'],
  ])('%s is %s', (code, expected) => {
    expect(classifyDatabaseError(Object.assign(new Error('x'), { code }))).toBe(expected);
  });
});
