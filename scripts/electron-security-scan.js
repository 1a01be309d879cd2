// Electronegativity over the Electron main process and preload; fails on any HIGH finding.
// The scanner exits 0 whatever it finds, so we read its CSV report instead of its exit code.
// Offline it also says it could not fetch translations or Electron's release list: both harmless.
// It requires `commander` without declaring it, relying on @electron/asar's commander 5 being
// hoisted; ours is commander 14 (another API), so a preloaded shim points it at asar's copy.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HEADER = 'issue, severity, confidence, filename, location, sample, description, url';
// A finding starts a line: CHECK_ID,"SEVERITY","CONFIDENCE",file,"line:col",… (samples may span lines).
const FINDING = /^([A-Z0-9_]+),"(INFORMATIONAL|LOW|MEDIUM|HIGH|CRITICAL)","(\w+)","?([^",]*)"?,"(\d+:\d+)"/;

/** The findings in an Electronegativity CSV report; throws if it does not look like one. */
export function parseFindings(csv) {
  const lines = csv.split(/\r?\n/);
  if (lines[0]?.trim() !== HEADER) throw new Error(`not an Electronegativity CSV report (first line: ${JSON.stringify(lines[0])})`);
  return lines
    .map((line) => FINDING.exec(line))
    .filter(Boolean)
    .map(([, check, severity, confidence, file, location]) => ({ check, severity, confidence, file, location }));
}

export const isBlocking = (finding) => finding.severity === 'HIGH' || finding.severity === 'CRITICAL';

/** Makes the scanner's own `require('commander')` get the commander 5 it was written for. */
function commanderShim(root) {
  const scannerDir = join(root, 'node_modules/@doyensec/electronegativity');
  return `const Module = require('node:module');
const { createRequire } = Module;
const fromAsar = createRequire(require.resolve('@electron/asar/package.json', { paths: [${JSON.stringify(scannerDir)}] }));
const commander = fromAsar.resolve('commander');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === 'commander' && parent && parent.filename && parent.filename.startsWith(${JSON.stringify(scannerDir)})) return commander;
  return resolve.call(this, request, parent, ...rest);
};
`;
}

function main() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
  const dir = mkdtempSync(join(tmpdir(), 'tc-electronegativity-'));
  const report = join(dir, 'report.csv');
  try {
    const scanner = join(root, 'node_modules/@doyensec/electronegativity/dist/index.js');
    const shim = join(dir, 'commander-shim.cjs');
    writeFileSync(shim, commanderShim(root));
    const args = ['--require', shim, scanner, '-i', join(root, 'src-main/electron'), '-o', report, '-r', '-v', 'false', '-e', electronVersion];
    const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (run.status !== 0) {
      console.error(run.stdout, run.stderr);
      throw new Error(`electronegativity exited with ${run.status ?? run.signal}`);
    }
    const findings = parseFindings(readFileSync(report, 'utf8'));
    for (const f of findings) console.log(`${f.severity.padEnd(13)} ${f.check} ${f.file}:${f.location}`);
    const blocking = findings.filter(isBlocking);
    console.log(`${findings.length} findings, ${blocking.length} HIGH or worse (Electron ${electronVersion})`);
    return blocking.length === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main() ? 0 : 1;
  } catch (err) {
    console.error(`electron security scan: ${err.message}`);
    process.exitCode = 1;
  }
}
