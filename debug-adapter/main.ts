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
    socket.on('close', () => void session.clientGone());
    session.start(socket, socket);
  });
  // Port 0 picks a free port: the one bound is printed.
  server.listen(port, '127.0.0.1', () => process.stderr.write(`tfjs debug adapter listening on 127.0.0.1:${(server.address() as net.AddressInfo).port}\n`));
} else {
  const session = new TfjsDebugSession();
  process.on('SIGTERM', () => session.shutdown());
  // A client that goes away without a disconnect (VS Code crashed or was killed) leaves no program behind.
  process.stdin.on('end', () => void session.clientGone().finally(() => process.exit(0)));
  session.start(process.stdin, process.stdout);
}
