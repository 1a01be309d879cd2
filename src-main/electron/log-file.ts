import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface RotatingFileOptions {
  dir: string;
  name?: string;
  /** Size at which the current file is rotated to name.1. */
  maxBytes?: number;
  /** How many files to keep in all, the current one included. */
  keep?: number;
}

export interface RotatingFile {
  readonly path: string;
  write(line: string): void;
}

/**
 * A size-capped log file: main.log grows to maxBytes, then becomes main.log.1 (main.log.1 becomes
 * .2, and so on), and the oldest beyond `keep` is deleted. Writes are synchronous appends: the main
 * process logs little, and a line written just before a crash is the one that matters.
 */
export function rotatingFile(options: RotatingFileOptions): RotatingFile {
  const name = options.name ?? 'main.log';
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  const keep = Math.max(1, options.keep ?? 5);
  const path = join(options.dir, name);
  mkdirSync(options.dir, { recursive: true });
  let size = existsSync(path) ? statSync(path).size : 0;
  let broken = false;

  const rotate = () => {
    rmSync(`${path}.${keep - 1}`, { force: true });
    for (let n = keep - 2; n >= 1; n -= 1) {
      if (existsSync(`${path}.${n}`)) renameSync(`${path}.${n}`, `${path}.${n + 1}`);
    }
    if (keep > 1) renameSync(path, `${path}.1`);
    else rmSync(path, { force: true });
    size = 0;
  };

  return {
    path,
    write(line) {
      if (broken) return;
      try {
        const bytes = Buffer.byteLength(line);
        if (size > 0 && size + bytes > maxBytes) rotate();
        appendFileSync(path, line, { mode: 0o600 });
        size += bytes;
      } catch (err) {
        // A full disk or a removed folder must not take the app down; stderr still has the logs.
        broken = true;
        process.stderr.write(`logging to ${path} stopped: ${String(err)}\n`);
      }
    },
  };
}

/** A line writer for createJsonLogger: stderr, and the file. */
export function teeToFile(file: RotatingFile, stderr: (line: string) => unknown = (line) => process.stderr.write(line)) {
  return (line: string): boolean => {
    stderr(line);
    file.write(line);
    return true;
  };
}
