/**
 * A page's source map that could not be read: the Debug Console is told why, the map is read
 * once more when the maps are next awaited (a profile or a tape asked for), and from then on
 * the page's lines map to the original files; a map that fails again is said once more and
 * left alone.
 */
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { PageSourceMaps, sourceMappingUrlOf } from '../../debug-adapter/services/pageSourceMaps';

const map = JSON.stringify({ version: 3, sources: ['../src/main.js'], names: [], mappings: 'AAAA' });
const webRoot = path.resolve('/work/app');

/** Serves bundle.js.map, failing the first `failures` requests with a 503. */
async function serveMap(failures: number): Promise<{ server: Server; url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((_request, response) => {
    requests++;
    if (requests <= failures) response.writeHead(503, 'Busy').end();
    else response.writeHead(200, { 'content-type': 'application/json' }).end(map);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/dist/bundle.js`, requests: () => requests };
}

interface MapRun {
  url: string;
  maps: PageSourceMaps;
  said: string[];
  requests: () => number;
}

/** Announces bundle.js (whose map fails its first `failures` reads) to page source maps, awaits them, and runs `check`. */
async function withFailingMap(failures: number, check: (run: MapRun) => Promise<void>): Promise<void> {
  const { server, url, requests } = await serveMap(failures);
  try {
    const said: string[] = [];
    const maps = new PageSourceMaps(
      { webRoot, libraryPatterns: [] },
      async () => undefined,
      (message) => said.push(message),
    );
    maps.scriptParsed(url, 'bundle.js.map', 'h1');
    await maps.settled();
    await check({ url, maps, said, requests });
  } finally {
    server.close();
  }
}

describe("a page's source map that could not be read", () => {
  it('is said, read once more when the maps are awaited, and maps the lines from then on', () =>
    withFailingMap(1, async ({ url, maps, said, requests }) => {
      assert.equal(requests(), 2);
      assert.deepEqual(said, [
        `tfjs-debugger: the source map of ${url} could not be read (${url}.map answered 503 Busy); it is read again when a profile or tape is asked for. Until it is, the profile and tapes name the page's lines as served.`,
      ]);
      assert.equal(maps.toOriginal(url, 0, 0)?.path, path.join(webRoot, 'src', 'main.js'));
    }));

  it('is read once more only: a second failure is said and the served lines stay', () =>
    withFailingMap(5, async ({ url, maps, said, requests }) => {
      await maps.settled();
      assert.equal(requests(), 2);
      assert.equal(said.length, 2);
      assert.match(said[1], /could not be read \(.* answered 503 Busy\)\. Until it is/);
      assert.equal(maps.toOriginal(url, 0, 0), undefined);
    }));
});

describe('sourceMappingUrlOf', () => {
  it("reads the last sourceMappingURL comment of a script's text", () => {
    assert.equal(sourceMappingUrlOf('var a = 1;\n//# sourceMappingURL=bundle.js.map\n'), 'bundle.js.map');
    assert.equal(
      sourceMappingUrlOf('//# sourceMappingURL=old.map\nvar a;\n//@ sourceMappingURL=data:application/json;base64,e30='),
      'data:application/json;base64,e30=',
    );
    assert.equal(sourceMappingUrlOf('var a = "//# sourceMappingURL=not-at-the-end.map" + 1;'), undefined);
  });
});
