// Remembers that the Electron binary could not be downloaded, so `npm start` does not wait on the
// same failing download at every start. Forgotten when the electron version changes, when the
// download succeeds, or on demand (`npm start -- --retry-electron-download`).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const RETRY_FLAG = '--retry-electron-download';

/** Next to other tools' caches, so a fresh `npm ci` (which deletes node_modules) starts clean. */
export function memoFile(root) {
  return join(root, 'node_modules/.cache/tenant-console/electron-download.json');
}

/** The earlier failure for this electron version, or null when a download is worth trying. */
export function earlierFailure(file, version) {
  try {
    const memo = JSON.parse(readFileSync(file, 'utf8'));
    return memo.version === version && typeof memo.failedAt === 'string' ? memo : null;
  } catch {
    return null;
  }
}

export function rememberFailure(file, version, now = new Date()) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ version, failedAt: now.toISOString() }) + '\n');
}

export function forgetFailure(file) {
  rmSync(file, { force: true });
}
