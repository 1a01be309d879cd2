import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCore, type Core } from '../../../src-main/core/create-core';
import { silentLogger } from '../../../src-main/core/platform/logger';
import { DEFAULT_PORT, portFromEnv, startLocalServer } from '../../../src-main/electron/local-server';

let dataDir: string;
let core: Core;
const warn = vi.fn();

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tc-local-server-'));
  core = await createCore({ dataDir, logger: { ...silentLogger, warn } });
});

afterAll(async () => {
  await core.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('TENANT_CONSOLE_PORT', () => {
  it('defaults to 4580 and accepts a port number', () => {
    expect(portFromEnv(undefined)).toBe(DEFAULT_PORT);
    expect(portFromEnv('')).toBe(4580);
    expect(portFromEnv('8080')).toBe(8080);
    expect(portFromEnv('0')).toBe(0);
  });

  it.each(['abc', '-1', '65536', '80.5'])('refuses %s with a message naming the variable', (value) => {
    expect(() => portFromEnv(value)).toThrow(/^TENANT_CONSOLE_PORT must be a port number/);
  });
});

describe('the local server', () => {
  it('moves to a free port, and says so, when its port is taken', async () => {
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const taken = (squatter.address() as { port: number }).port;
    try {
      const server = await startLocalServer(core, taken);
      try {
        expect(server.port).not.toBe(taken);
        expect(warn).toHaveBeenCalledWith(expect.stringContaining(`port ${taken} is taken`), expect.objectContaining({ url: server.url }));
        const res = await fetch(`${server.url}/healthz`);
        expect(res.status).toBe(200);
      } finally {
        await server.close();
      }
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('listens on loopback only', async () => {
    const server = await startLocalServer(core, 0);
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    } finally {
      await server.close();
    }
  });
});
