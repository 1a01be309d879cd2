import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

// The data folder holds the database (members' names and emails), the master key and backups:
// only the user who runs the console may read it. Modes are set with chmod after creating, so they
// do not depend on the umask. Windows has no POSIX modes; its per-user folders are private already.
const POSIX = process.platform !== 'win32';

/** Creates the folder if needed and makes it 0700. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (POSIX) chmodSync(dir, 0o700);
}

/** Makes a file 0600, creating it empty first when `create` is set and it is missing. */
export function makePrivateFile(path: string, options: { create?: boolean } = {}): void {
  if (options.create && !existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  if (POSIX && existsSync(path)) chmodSync(path, 0o600);
}
