import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve('bin/tenant-console.js');

export interface OwnConsole {
  baseUrl: string;
  /** An ADMIN token of the seeded tenant (the console owner's). */
  ownerToken: string;
  dataDir: string;
  server: ChildProcess;
  /** Stops the console (SIGTERM, then SIGKILL after 10 s: a send under way may hold it up) and removes its data. */
  stop(): Promise<void>;
}

/**
 * A `tenant-console serve` of a spec's own, on a seeded tenant, for specs that need settings of
 * their own (a fake provider, SMTP or Ably) or change what others would see. The environment is
 * the spec's: everything else comes from process.env with DATABASE_URL cleared (embedded SQLite).
 */
export async function startOwnConsole(options: { name: string; env: Record<string, string | undefined>; members: number; tenant: string }): Promise<OwnConsole> {
  const dataDir = mkdtempSync(join(tmpdir(), `tc-e2e-${options.name}-`));
  const env = { ...process.env, DATABASE_URL: '', ...options.env };
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args, '--data-dir', dataDir], { encoding: 'utf8', env });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout.trim();
  };
  run(['seed', '--members', String(options.members), '--tenant', options.tenant]);
  const ownerToken = run(['token', 'create', '--tenant', options.tenant]);
  const server = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const baseUrl = await new Promise<string>((res, rej) => {
    let out = '';
    const timer = setTimeout(() => rej(new Error(`serve did not start: ${out}`)), 30_000);
    server.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    });
    server.once('exit', (code) => rej(new Error(`serve exited with ${code}: ${out}`)));
  });
  return {
    baseUrl,
    ownerToken,
    dataDir,
    server,
    async stop() {
      if (server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((r) => server.once('exit', r));
        server.kill('SIGTERM');
        const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
