import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createJsonLogger } from '../../../src-main/core/platform/logger';
import { rotatingFile, teeToFile } from '../../../src-main/electron/log-file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tc-logs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const line = (n: number) => `${JSON.stringify({ n, message: 'x'.repeat(80) })}\n`; // 100 bytes or so

describe('the rotating log file', () => {
  it('stays under its size cap, keeps N files in all, and the newest lines are in main.log', () => {
    const file = rotatingFile({ dir, maxBytes: 1000, keep: 3 });
    for (let n = 0; n < 100; n += 1) file.write(line(n));
    expect(readdirSync(dir).sort()).toEqual(['main.log', 'main.log.1', 'main.log.2']);
    for (const name of readdirSync(dir)) expect(readFileSync(join(dir, name)).length).toBeLessThanOrEqual(1000);
    const newest = readFileSync(join(dir, 'main.log'), 'utf8').trim().split('\n');
    expect(JSON.parse(newest.at(-1)!).n).toBe(99);
    // The files follow each other: .2 then .1 then main.log, no line lost between them.
    const all = ['main.log.2', 'main.log.1', 'main.log'].flatMap((name) => readFileSync(join(dir, name), 'utf8').trim().split('\n'));
    const ns = all.map((l) => JSON.parse(l).n as number);
    expect(ns).toEqual(Array.from({ length: ns.length }, (_, i) => ns[0]! + i));
  });

  it('continues an existing file after a restart, counting its size', () => {
    writeFileSync(join(dir, 'main.log'), 'x'.repeat(950) + '\n');
    rotatingFile({ dir, maxBytes: 1000, keep: 2 }).write(line(1));
    expect(existsSync(join(dir, 'main.log.1'))).toBe(true);
    expect(readFileSync(join(dir, 'main.log'), 'utf8')).toBe(line(1));
  });

  it('receives the main process logger\'s lines as well as stderr', () => {
    const stderr = vi.fn();
    const logger = createJsonLogger('info', teeToFile(rotatingFile({ dir }), stderr));
    logger.info('local server listening', { url: 'http://127.0.0.1:4580' });
    logger.debug('not at this level');
    expect(stderr).toHaveBeenCalledTimes(1);
    const written = JSON.parse(readFileSync(join(dir, 'main.log'), 'utf8'));
    expect(written).toMatchObject({ level: 'info', message: 'local server listening', url: 'http://127.0.0.1:4580' });
  });

  it('stops writing to a file it cannot write, without throwing', () => {
    const file = rotatingFile({ dir });
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(dir, 'not a folder');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(() => file.write(line(1))).not.toThrow();
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining('logging to'));
    stderr.mockRestore();
    rmSync(dir);
    dir = mkdtempSync(join(tmpdir(), 'tc-logs-'));
  });
});
