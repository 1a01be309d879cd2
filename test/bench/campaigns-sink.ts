// A loopback SMTP sink for the campaigns bench, in its own process (as a real mail server would be):
// takes every message without a login, keeps only when each arrived and for whom, and answers the
// parent over IPC: 'reset' clears, 'stats' returns {count, first, last, duplicates} (times in ms).
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

let times: number[] = [];
let seen = new Map<string, number>();
const server = new SMTPServer({
  secure: false,
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  size: 10 * 1024 * 1024,
  onData(stream, session, cb) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      times.push(performance.timeOrigin + performance.now());
      for (const r of session.envelope.rcptTo) seen.set(r.address, (seen.get(r.address) ?? 0) + 1);
      cb();
    });
  },
});
server.on('error', () => undefined);
server.listen(0, '127.0.0.1', () => {
  process.send!({ port: (server.server.address() as AddressInfo).port });
});
process.on('message', (m: string) => {
  if (m === 'reset') {
    times = [];
    seen = new Map();
    process.send!({ ok: true });
  } else if (m === 'stats') {
    process.send!({ count: times.length, first: times[0] ?? 0, last: times.at(-1) ?? 0, duplicates: [...seen.values()].filter((n) => n > 1).length });
  } else if (m === 'exit') {
    server.close(() => process.exit(0));
  }
});
