// The browser example's web server, with nothing to install: plain Node http on 127.0.0.1. It
// serves this folder at / and tfjs's prebuilt bundles straight from node_modules, so the page
// loads tfjs without a bundler: /tfjs/ is @tensorflow/tfjs/dist, /tfjs-wasm/ is
// @tensorflow/tfjs-backend-wasm/dist (its .wasm files too), /tfjs-webgpu/ is
// @tensorflow/tfjs-backend-webgpu/dist. The packages are found as Node's
// require finds them, in the node_modules of this folder or of any folder above it, so it runs
// in the repository and in a copy of this folder with its own `npm install`.
//
//   node serve.js [port]     (default 8090; 0 takes a free port)
//
// It prints `listening on http://127.0.0.1:<port>/` once it accepts requests: the launch
// configuration's preLaunchTask waits for that line (examples/.vscode/tasks.json).
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const DEFAULT_PORT = 8090;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

/** Fails with a message naming the problem and what to do. */
function fail(message) {
  console.error(`serve.js: ${message}`);
  process.exit(1);
}

/** The `dist` folder of an installed package, looked up from this folder upwards. */
function distOf(name) {
  try {
    return path.join(path.dirname(require.resolve(`${name}/package.json`, { paths: [__dirname] })), 'dist');
  } catch {
    return fail(`${name} is not installed in a node_modules folder at or above ${__dirname}: run "npm install" in this folder.`);
  }
}

function portFrom(arg) {
  if (arg === undefined) return DEFAULT_PORT;
  const port = Number(arg);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`port: expected a whole number from 0 to 65535, got ${arg}`);
  return port;
}

/** URL path prefixes and the folders they serve, the longest first. */
const ROOTS = [
  ['/tfjs-wasm/', distOf('@tensorflow/tfjs-backend-wasm')],
  ['/tfjs-webgpu/', distOf('@tensorflow/tfjs-backend-webgpu')],
  ['/tfjs/', distOf('@tensorflow/tfjs')],
  ['/', __dirname],
];

/** The file a URL path names, or undefined when it names none or leaves its folder. */
function fileOf(pathname) {
  const [prefix, root] = ROOTS.find(([candidate]) => pathname.startsWith(candidate));
  const file = path.join(root, pathname.slice(prefix.length));
  if (file !== root && !file.startsWith(root + path.sep)) return undefined;
  const target = fs.existsSync(file) && fs.statSync(file).isDirectory() ? path.join(file, 'index.html') : file;
  return fs.existsSync(target) ? target : undefined;
}

function respond(request, response) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
  } catch {
    response.writeHead(400).end();
    return;
  }
  const file = fileOf(pathname);
  if (!file) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${pathname}\n`);
    return;
  }
  // no-cache: a reload picks up the page's script as just edited.
  response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
  if (request.method === 'HEAD') response.end();
  else fs.createReadStream(file).pipe(response);
}

const port = portFrom(process.argv[2]);
const server = http.createServer(respond);
server.on('error', (error) =>
  fail(error.code === 'EADDRINUSE' ? `port ${port} is taken: give another, e.g. "node serve.js ${port + 1}", and the same port in the page's URL.` : error.message),
);
server.listen(port, '127.0.0.1', () => {
  console.log(`serving ${__dirname} with tfjs from ${path.dirname(ROOTS[1][1])}`);
  console.log(`listening on http://127.0.0.1:${server.address().port}/`);
});
