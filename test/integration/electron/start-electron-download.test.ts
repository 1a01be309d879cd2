import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// `npm start` in a stand-in project: built bundles present, an electron package whose download
// (install.js) always fails and counts its attempts, and a headless console that just says so.
let root: string;

function writeFile(path: string, text: string) {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

function setElectronVersion(version: string) {
  writeFile('node_modules/electron/package.json', JSON.stringify({ name: 'electron', version }));
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tc-start-'));
  for (const script of ['start.js', 'electron-download-memo.js']) {
    mkdirSync(join(root, 'scripts'), { recursive: true });
    copyFileSync(join(__dirname, '../../../scripts', script), join(root, 'scripts', script));
  }
  writeFile('package.json', JSON.stringify({ type: 'module' }));
  for (const file of ['out/main/index.js', 'out/main/cli.js', 'out/preload/preload.cjs', 'out/renderer/index.html']) writeFile(file, '');
  setElectronVersion('39.8.10');
  writeFile('node_modules/electron/install.js', "require('fs').appendFileSync(__dirname + '/attempts', 'x'); process.exit(1);");
  writeFile('bin/tenant-console.js', "console.log('headless', process.argv.slice(2).join(' '));");
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

function npmStart(...args: string[]) {
  const run = spawnSync(process.execPath, [join(root, 'scripts/start.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 20_000 });
  expect(run.status).toBe(0);
  return run.stdout;
}

const attempts = () => (existsSync(join(root, 'node_modules/electron/attempts')) ? readFileSync(join(root, 'node_modules/electron/attempts'), 'utf8').length : 0);

describe('npm start without the Electron binary', () => {
  it('tries the download once, then remembers it failed and starts headless at once', () => {
    expect(npmStart()).toContain('headless serve');
    expect(attempts()).toBe(1);

    const second = npmStart('--port', '4999');
    expect(attempts()).toBe(1);
    expect(second).toMatch(/the download of Electron 39\.8\.10 failed on \d{4}-\d{2}-\d{2}; `npm start -- --retry-electron-download` tries again/);
    expect(second).toContain('headless serve --port 4999');
  });

  it('tries again when asked to, without passing the flag on', () => {
    npmStart();
    const retried = npmStart('--retry-electron-download');
    expect(attempts()).toBe(2);
    expect(retried).toContain('headless serve\n');
  });

  it('tries again when the electron version changes', () => {
    npmStart();
    setElectronVersion('39.8.11');
    npmStart();
    expect(attempts()).toBe(2);
    npmStart();
    expect(attempts()).toBe(2);
  });
});
