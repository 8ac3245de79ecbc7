/**
 * Entry of the debug adapter process: DAP on stdin/stdout, or with `--server=PORT` on
 * 127.0.0.1:PORT (one session per connection) for debugging the adapter itself. The
 * library's own server mode listens on every address, so it is not used.
 */
import * as net from 'node:net';
import { TfjsDebugSession } from './session';

const serverArg = process.argv.find((arg) => arg.startsWith('--server='));

if (serverArg) {
  const port = Number(serverArg.slice('--server='.length));
  const server = net.createServer((socket) => {
    const session = new TfjsDebugSession();
    session.setRunAsServer(true);
    session.start(socket, socket);
  });
  server.listen(port, '127.0.0.1', () => process.stderr.write(`tfjs debug adapter listening on 127.0.0.1:${port}\n`));
} else {
  const session = new TfjsDebugSession();
  process.on('SIGTERM', () => session.shutdown());
  session.start(process.stdin, process.stdout);
}
