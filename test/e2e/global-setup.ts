import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve('bin/tenant-console.js');

/**
 * Seeds a tenant with the built CLI, starts `tenant-console serve` on a free port, and hands the
 * tests its URL and sign-in link through the environment. Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tc-e2e-'));
  // Webhook signing secrets the e2e tests sign their deliveries with (the lab signs with them too).
  process.env.E2E_STRIPE_WEBHOOK_SECRET = 'whsec_e2e_local_testing_secret';
  process.env.E2E_LEMONSQUEEZY_WEBHOOK_SECRET = 'ls_e2e_local_testing_secret';
  const env = {
    ...process.env,
    DATABASE_URL: '',
    STRIPE_WEBHOOK_SECRET: process.env.E2E_STRIPE_WEBHOOK_SECRET,
    LEMONSQUEEZY_WEBHOOK_SECRET: process.env.E2E_LEMONSQUEEZY_WEBHOOK_SECRET,
  };
  const seeded = spawnSync(process.execPath, [BIN, 'seed', '--members', '2000', '--tenant', 'demo', '--data-dir', dataDir], { encoding: 'utf8', env });
  if (seeded.status !== 0) throw new Error(`seeding failed: ${seeded.stderr}`);

  const server = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const output = await new Promise<string>((res, rej) => {
    let out = '';
    const timer = setTimeout(() => rej(new Error(`serve did not print a sign-in link: ${out}`)), 30_000);
    server.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('Sign in:')) {
        clearTimeout(timer);
        res(out);
      }
    });
    server.on('exit', (code) => rej(new Error(`serve exited with ${code}: ${out}`)));
  });
  const baseUrl = /listening on (\S+)/.exec(output)![1]!;
  process.env.E2E_BASE_URL = baseUrl;
  // serve prints a one-time code (`/#code=…`); the tests open their sign-in link many times and read
  // a Bearer token from it, so they get a `#token=` link with a token made by the CLI instead.
  process.env.E2E_SERVE_SIGN_IN_URL = /Sign in: (\S+)/.exec(output)![1];
  const token = spawnSync(process.execPath, [BIN, 'token', 'create', '--tenant', 'demo', '--data-dir', dataDir], { encoding: 'utf8', env });
  if (token.status !== 0) throw new Error(`token create failed: ${token.stderr}`);
  process.env.E2E_SIGN_IN_URL = `${baseUrl}/#token=${token.stdout.trim()}`;
  process.env.E2E_DATA_DIR = dataDir;

  return async () => {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  };
}
