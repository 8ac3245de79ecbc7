/** The URL of a test's HTTP server on 127.0.0.1 (no browser needed to import it: the extension host's scenarios use it too). */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** `http://127.0.0.1:PORT/` of a listening server. */
export function pageUrl(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}
