// The console as a separate process for campaign-kill-restart.test.ts: opens the data dir, starts
// the job runner (an interrupted send resumes by itself) and keeps running until it is killed.
// SMTP_URL and MAIL_FROM come from the environment, as for `tenant-console serve`.
import { createCore } from '../../src-main/core/create-core';
import { silentLogger } from '../../src-main/core/platform/logger';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: campaign-send-child.ts <data dir>');
const core = await createCore({ dataDir, logger: silentLogger });
core.start();
process.stdout.write('started\n');
setInterval(() => undefined, 60_000);
