// An SMTP server that accepts everything and counts accepted messages, run as a
// child process (forked with IPC by bench/index.ts). Sends { port } when
// listening; answers 'count' with { count } and 'reset' with { count: 0 }.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

let count = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('error', () => undefined);
    stream.on('data', () => undefined);
    stream.on('end', () => {
      count++;
      callback();
    });
  },
});
server.on('error', () => undefined);
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.server.address() as AddressInfo).port });
});
process.on('message', (message) => {
  if (message === 'reset') count = 0;
  process.send?.({ count });
});
process.on('disconnect', () => process.exit(0));
