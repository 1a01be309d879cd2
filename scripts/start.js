// `npm start`: the desktop app where Electron can run, otherwise the headless console, said in one line.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { earlierFailure, forgetFailure, memoFile, rememberFailure, RETRY_FLAG } from './electron-download-memo.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const retryDownload = process.argv.includes(RETRY_FLAG);
const args = process.argv.slice(2).filter((arg) => arg !== RETRY_FLAG);
const BUILT = ['out/main/index.js', 'out/main/cli.js', 'out/preload/preload.cjs', 'out/renderer/index.html'];

if (!BUILT.every((file) => existsSync(join(root, file)))) {
  console.log('Building Tenant Console (first run)…');
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (build.status !== 0) {
    console.error('The build failed; see the messages above.');
    process.exit(build.status ?? 1);
  }
}

let electron = electronBinary();
let failedBefore = null;
if (!electron) {
  const memo = memoFile(root);
  const version = electronVersion();
  failedBefore = retryDownload ? null : earlierFailure(memo, version);
  if (!failedBefore) {
    await fetchElectron();
    electron = electronBinary();
    if (electron) forgetFailure(memo);
    else rememberFailure(memo, version);
  }
}

const reason = failedBefore
  ? `the download of Electron ${failedBefore.version} failed on ${failedBefore.failedAt.slice(0, 10)}; \`npm start -- ${RETRY_FLAG}\` tries again`
  : whyElectronCannotRun(electron);
if (reason) {
  console.log(`Electron is not available here (${reason}); starting the headless console instead.`);
  run(process.execPath, [join(root, 'bin/tenant-console.js'), 'serve', ...args]);
} else {
  run(electron, [root, ...args]);
}

/** The Electron executable the electron package downloaded, or null. */
function electronBinary() {
  const dir = join(root, 'node_modules/electron');
  try {
    const binary = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function electronVersion() {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

/** One attempt at the download electron's install script does; it fails fast without internet. */
function fetchElectron() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'node_modules/electron/install.js')], { cwd: root, stdio: 'ignore' });
    // Only a real download takes this long, so only then is it worth a line.
    const notice = setTimeout(() => console.log('Downloading the Electron binary (once, about 100 MB)…'), 3000);
    const done = () => {
      clearTimeout(notice);
      resolve();
    };
    child.on('exit', done);
    child.on('error', done);
  });
}

function whyElectronCannotRun(binary) {
  if (!binary) return 'binary not downloaded: no internet';
  const usesX11OrWayland = process.platform !== 'darwin' && process.platform !== 'win32';
  if (usesX11OrWayland && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'no display: neither DISPLAY nor WAYLAND_DISPLAY is set';
  // Chromium refuses root unless its sandbox is turned off, and the renderer's safety rests on it.
  if (process.platform === 'linux' && process.getuid?.() === 0) return 'running as root, which Electron only allows without its sandbox';
  const probe = spawnSync(binary, ['--version'], { stdio: 'ignore', timeout: 30_000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  if (probe.status !== 0) return `the Electron binary does not run: ${probe.error?.message ?? `exit code ${probe.status}`}`;
  return null;
}

/** Runs the child, hands it each Ctrl-C, SIGTERM or hang-up once, and exits as it does. */
function run(command, commandArgs) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  // Its own process group, so a terminal Ctrl-C reaches it once, through us, not twice.
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env, detached: process.platform !== 'win32' });
  let lastForwarded = 0;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      // npm and the terminal may both deliver the same Ctrl-C; forward a burst only once.
      if (Date.now() - lastForwarded < 1000) return;
      lastForwarded = Date.now();
      child.kill(signal);
    });
  }
  child.on('error', (err) => {
    console.error(`Could not start ${command}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
}
