#!/usr/bin/env node
// The tenant-console command: runs the built CLI bundle (out/main/cli.js).
import { existsSync } from 'node:fs';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('error: tenant-console is not built yet; run `npm run build` in its folder first\n');
  process.exit(1);
}
await import(cli.href);
