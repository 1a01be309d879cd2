import { main } from './index';

// The `tenant-console` command. `serve` keeps the process alive through its server; every other
// command ends when main() returns.
process.exitCode = await main(process.argv.slice(2));
