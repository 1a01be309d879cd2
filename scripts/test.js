// `npm test`: every check a change must pass, in order, ending with one line "N passed, N failed".
// Type-check, lint and the build count as one test each; vitest and Playwright report their own.
// The core suites run on SQLite and on a private PostgreSQL server started here (or TEST_DATABASE_URL).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from './postgres.js';

const tally = { passed: 0, failed: 0, failures: [] };
const reports = mkdtempSync(join(tmpdir(), 'tc-test-reports-'));

function run(cmd, args, env = {}) {
  console.log(`\n▶ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function step(name, ok) {
  if (ok) tally.passed += 1;
  else {
    tally.failed += 1;
    tally.failures.push(name);
  }
}

function count(name, ok, reportFile, read) {
  if (!existsSync(reportFile)) return step(name, false);
  const { passed, failed } = read(JSON.parse(readFileSync(reportFile, 'utf8')));
  tally.passed += passed;
  tally.failed += failed;
  if (failed > 0 || !ok) tally.failures.push(name);
  if (!ok && failed === 0) tally.failed += 1; // the runner failed outside any test
}

step('typecheck', ['tsconfig.node.json', 'tsconfig.web.json', 'tsconfig.e2e.json'].every((project) => run('npx', ['tsc', '-p', project, '--noEmit'])));
step('lint', run('npx', ['eslint', '--max-warnings', '0', '.']));
step('build', run('npx', ['electron-vite', 'build']));
step('electron security scan', run('node', ['scripts/electron-security-scan.js']));

let postgres = null;
let databaseUrl = process.env.TEST_DATABASE_URL;
if (!databaseUrl) {
  try {
    postgres = await startPostgres();
    databaseUrl = postgres.url;
    console.log(`\n▶ private PostgreSQL for the tests at ${databaseUrl}`);
  } catch (err) {
    console.error(`\n✖ postgres: ${err.message}`);
    step('postgres', false);
  }
}

try {
  const vitestReport = join(reports, 'vitest.json');
  const vitestOk = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`], {
    TEST_DATABASE_URL: databaseUrl ?? '',
  });
  count('vitest', vitestOk, vitestReport, (r) => ({ passed: r.numPassedTests, failed: r.numFailedTests }));

  const e2eReport = join(reports, 'e2e.json');
  const e2eOk = run('npx', ['playwright', 'test', '-c', 'test/e2e/playwright.config.ts', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport,
  });
  count('e2e', e2eOk, e2eReport, (r) => ({ passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected }));
} finally {
  postgres?.stop();
  rmSync(reports, { recursive: true, force: true });
}

if (tally.failures.length) console.log(`\nfailed: ${tally.failures.join(', ')}`);
console.log(`\n${tally.passed} passed, ${tally.failed} failed`);
process.exitCode = tally.failed === 0 ? 0 : 1;
