/**
 * The tests' HTTP servers on 127.0.0.1 (the webview pages, the pages that use tfjs): a page at
 * `/` made per request, files by URL path, 404 for anything else. No browser is needed to
 * import it: the extension host's scenarios use it too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

/** What a server answers: the HTML of `/` for a request's URL, and the file of any other path (undefined: 404). */
export interface Site {
  page(url: URL, origin: string): string;
  fileOf(pathname: string): string | undefined;
}

/** Serves `site` on a free port of 127.0.0.1. */
export function serve(site: Site): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    if (url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(site.page(url, pageUrl(server).slice(0, -1)));
      return;
    }
    const file = site.fileOf(url.pathname);
    if (!file || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

/** `http://127.0.0.1:PORT/` of a listening server. */
export function pageUrl(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}
