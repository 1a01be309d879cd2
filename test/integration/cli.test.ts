import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The CLI run from source, exactly as the built bin runs it.
const BIN = resolve('src-main/cli/bin.ts');
const dataDir = mkdtempSync(join(tmpdir(), 'tc-cli-'));
const env = { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn' };

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', BIN, ...args], { encoding: 'utf8', env, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('tenant-console CLI', () => {
  it('creates a tenant and prints a Bearer token, and nothing else, on stdout', () => {
    const created = cli('tenant', 'create', '--slug', 'acme', '--name', 'Acme Inc', '--data-dir', dataDir);
    expect(created.code).toBe(0);
    expect(created.stdout.trim()).toMatch(/^tenant_[a-z0-9]+$/);
    const token = cli('token', 'create', '--tenant', 'acme', '--data-dir', dataDir);
    expect(token.code).toBe(0);
    expect(token.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  });

  it.each([
    [['serve', '--port', 'abc'], /--port/],
    [['serve', '--bogus'], /--bogus/],
    [['tenant', 'create', '--slug', 'Bad Slug!', '--name', 'x'], /--slug/],
    [['token', 'create', '--tenant', 'nope'], /--tenant: no tenant has the slug "nope"/],
    [['token', 'create', '--tenant', 'acme', '--role', 'OWNER'], /--role/],
    [['seed', '--members', '-5'], /--members/],
    [['migrate', '--database-url', 'mysql://x'], /--database-url/],
    [['admin', 'restore', '--tenant', 'acme'], /--user/],
    [['admin', 'restore', '--tenant', 'acme', '--user', 'not-an-email'], /--user/],
    [['admin', 'restore', '--tenant', 'nope', '--user', 'a@example.com'], /--tenant/],
    [['admin', 'restore', '--tenant', 'acme', '--user', 'nobody@example.com'], /--user: no user has the email/],
  ])('%j → exit 2 with one line naming the flag', (args, pattern) => {
    const r = cli(...args, '--data-dir', dataDir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
  });

  it('writes a backup that passes an integrity check', () => {
    const out = join(dataDir, 'backup.sqlite');
    const r = cli('backup', '--out', out, '--data-dir', dataDir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/integrity ok/);
  });

  it('serve prints where it listens and a sign-in link, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', BIN, 'serve', '--port', '0', '--data-dir', dataDir], { env });
    let out = '';
    await new Promise<void>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`no sign-in line: ${out}`)), 30_000);
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('Sign in:')) {
          clearTimeout(timer);
          res();
        }
      });
    });
    const [listening, signIn] = out.trim().split('\n');
    expect(listening).toMatch(/^Tenant Console listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = listening!.replace('Tenant Console listening on ', '');
    // A one-time code, never a token: this line ends up in scrollback and logs.
    expect(signIn).toMatch(new RegExp(`^Sign in: ${url}/#code=[\\w-]{20,} \\(works once, for 10 minutes\\)$`));
    expect(signIn).not.toMatch(/token=|eyJ/);
    const code = /#code=([\w-]+)/.exec(signIn!)![1];
    const exchange = () =>
      fetch(`${url}/api/trpc/auth.exchangeSignInCode`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ json: { code } }) });
    const first = await exchange();
    expect(first.status).toBe(200);
    expect(((await first.json()) as { result: { data: { json: { token: string } } } }).result.data.json.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect((await exchange()).status).toBe(401);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    child.kill('SIGTERM');
    const exitCode = await new Promise((res) => child.on('exit', res));
    expect(exitCode).toBe(0);
  });
});
