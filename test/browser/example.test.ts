/**
 * The browser example (examples/browser) as a user starts it: its launch configurations and
 * server task agree with each other and with serve.js's output; serve.js serves the page, tfjs's
 * bundles and the wasm files from node_modules (and nothing outside them); the page trains its
 * conv net on webgl, wasm and cpu with a falling loss and no errors; and a breakpoint on its
 * BREAK_LINE stops once per epoch with the model's answers in scope.
 */
import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { lineOf } from '../lineMarkers';
import { CHROMIUM } from '../chromium';

const REPO = resolve(__dirname, '..', '..', '..');
const EXAMPLES = join(REPO, 'examples');
const EXAMPLE = join(EXAMPLES, 'browser');
const APP = join(EXAMPLE, 'app.js');
const SERVE = join(EXAMPLE, 'serve.js');
const EPOCHS = Number(/^const EPOCHS = (\d+);$/m.exec(readFileSync(APP, 'utf8'))?.[1]);

interface LaunchConfig {
  type: string;
  name: string;
  url?: string;
  webRoot?: string;
  runtimeExecutable?: string;
  runtimeArgs?: string[];
  browserLaunchLocation?: string;
  preLaunchTask?: string;
}

interface ServerTask {
  label: string;
  command: string;
  args: string[];
  isBackground: boolean;
  problemMatcher: {
    pattern: { regexp: string; file: number; message: number };
    background: { activeOnStart: boolean; beginsPattern: string; endsPattern: string };
  };
}

/** A .vscode JSON file: JSON with whole-line `//` comments, as the examples write them. */
function readVscodeJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, '')) as T;
}

/** The launch configurations and the server task of a workspace folder. */
function workspace(folder: string): { pages: LaunchConfig[]; task: ServerTask } {
  const { configurations } = readVscodeJson<{ configurations: LaunchConfig[] }>(join(folder, '.vscode', 'launch.json'));
  const { tasks } = readVscodeJson<{ tasks: ServerTask[] }>(join(folder, '.vscode', 'tasks.json'));
  assert.equal(tasks.length, 1, `${folder}/.vscode/tasks.json: expected the server task alone`);
  return { pages: configurations.filter((config) => config.type === 'pwa-chrome'), task: tasks[0] };
}

const { task: SERVER_TASK } = workspace(EXAMPLES);

/** A running serve.js and the URL it printed. */
interface RunningServer {
  child: ChildProcess;
  url: string;
}

/** serve.js as the task runs it, on `port`: resolves once a line of its output matched the task's end pattern. */
function startServer(port: string): Promise<RunningServer> {
  const { beginsPattern, endsPattern } = SERVER_TASK.problemMatcher.background;
  const child = spawn(process.execPath, [SERVE, port], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let errors = '';
  return new Promise((done, fail) => {
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const lines = output.split('\n').slice(0, -1);
      const ready = lines.find((line) => new RegExp(endsPattern).test(line));
      if (!ready) return;
      if (new RegExp(beginsPattern).test(lines[0])) {
        done({ child, url: /http:\/\/\S+/.exec(ready)![0] });
      } else {
        child.kill();
        fail(new Error(`serve.js's first line "${lines[0]}" does not match the task's begin pattern`));
      }
    });
    child.once('exit', (code) => fail(new Error(`serve.js exited (${code}) before it listened: ${errors}`)));
  });
}

function stopServer(server: RunningServer | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    server.child.once('exit', () => done());
    server.child.kill();
  });
}

/** Status and content type of a GET, the path sent as written (no `..` folding on our side). */
function fetchStatus(base: string, path: string): Promise<{ status: number; type: string; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((done, fail) => {
    get({ hostname, port, path }, (response) => {
      let body = '';
      response.setEncoding('latin1').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => done({ status: response.statusCode ?? 0, type: response.headers['content-type'] ?? '', body }));
    }).on('error', fail);
  });
}

describe('browser example', function () {
  this.timeout(120_000);
  let server: RunningServer | undefined;

  before(async () => {
    server = await startServer('0');
  });

  after(() => stopServer(server));

  describe('how a user starts it', () => {
    for (const [folder, webRoot, program] of [
      [EXAMPLES, '${workspaceFolder}/browser', '${workspaceFolder}/browser/serve.js'],
      [EXAMPLE, '${workspaceFolder}', '${workspaceFolder}/serve.js'],
    ]) {
      it(`${folder.slice(REPO.length + 1)}/.vscode: the page configurations start serve.js first and open its port`, () => {
        const { pages, task } = workspace(folder);
        assert.deepEqual(
          pages.map((config) => config.name),
          ['Debug TF.js page', 'Debug TF.js page (headless)'],
        );
        assert.equal(task.command, 'node');
        assert.equal(task.isBackground, true);
        const [serveArg, port] = task.args;
        assert.equal(serveArg, program);
        for (const config of pages) {
          assert.equal(config.preLaunchTask, task.label, `${config.name}: preLaunchTask`);
          assert.equal(config.url, `http://127.0.0.1:${port}/`, `${config.name}: url`);
          assert.equal(config.webRoot, webRoot, `${config.name}: webRoot`);
          assert.equal(config.runtimeExecutable, '/usr/bin/chromium', `${config.name}: runtimeExecutable`);
          assert.equal(config.browserLaunchLocation, 'workspace', `${config.name}: browserLaunchLocation`);
        }
        // Headed for a desktop; headless (and unsandboxed, for root) where there is no display.
        assert.equal(pages[0].runtimeArgs, undefined);
        assert.deepEqual(pages[1].runtimeArgs?.slice(0, 2), ['--headless=new', '--no-sandbox']);
      });
    }

    it('serve.js serves the page, tfjs and the wasm files, and nothing outside their folders', async () => {
      const url = server!.url;
      const page = await fetchStatus(url, '/');
      assert.equal(page.status, 200);
      assert.match(page.type, /^text\/html/);
      for (const script of ['/tfjs/tf.min.js', '/tfjs-wasm/tf-backend-wasm.min.js', '/tfjs-webgpu/tf-backend-webgpu.min.js', '/app.js']) {
        assert.ok(page.body.includes(`src="${script.replace(/^\/app/, 'app')}"`), `the page loads ${script}`);
        const { status, type } = await fetchStatus(url, script);
        assert.deepEqual([status, type.split(';')[0]], [200, 'text/javascript'], script);
      }
      const wasm = await fetchStatus(url, '/tfjs-wasm/tfjs-backend-wasm.wasm');
      assert.deepEqual([wasm.status, wasm.type], [200, 'application/wasm']);
      assert.equal(wasm.body.slice(0, 4), '\0asm');
      // Files that exist, one folder above what is served (a URL's own `..` never gets there).
      for (const outside of [
        '/..%2fmlp%2ftrain.js',
        '/tfjs/..%2fpackage.json',
        '/tfjs-wasm/..%2fpackage.json',
        '/tfjs-webgpu/..%2fpackage.json',
        '/missing.js',
      ]) {
        assert.equal((await fetchStatus(url, outside)).status, 404, outside);
      }
    });

    it('serve.js names a taken port and the fix, in a line the task reports as a problem', async () => {
      const port = new URL(server!.url).port;
      const second = spawn(process.execPath, [SERVE, port], { stdio: ['ignore', 'pipe', 'pipe'] });
      let errors = '';
      second.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
      const code = await new Promise((done) => second.once('exit', done));
      assert.equal(code, 1);
      const { regexp, file, message } = SERVER_TASK.problemMatcher.pattern;
      const match = new RegExp(regexp).exec(errors.trim());
      assert.ok(match, `"${errors.trim()}" does not match the task's problem pattern`);
      assert.equal(match[file], 'serve.js');
      assert.equal(match[message], `port ${port} is taken: give another, e.g. "node serve.js ${Number(port) + 1}", and the same port in the page's URL.`);
    });

    it('serve.js refuses a port that is not one', async () => {
      const child = spawn(process.execPath, [SERVE, 'eighty'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let errors = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
      assert.equal(await new Promise((done) => child.once('exit', done)), 1);
      assert.equal(errors.trim(), 'serve.js: port: expected a whole number from 0 to 65535, got eighty');
    });
  });

  describe('the page, in Chromium as the headless configuration starts it', () => {
    let browser: Browser;
    let page: Page;
    let problems: string[];

    before(async function () {
      if (!existsSync(CHROMIUM)) this.skip();
      // With the flags of the headless configuration, as a user without a display gets it.
      const headless = workspace(EXAMPLES).pages.find((config) => config.name === 'Debug TF.js page (headless)');
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: false, args: headless?.runtimeArgs });
    });

    beforeEach(async () => {
      problems = [];
      page = await browser.newPage();
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      page.on('response', (response) => {
        if (response.status() >= 400) problems.push(`${response.status()} for ${response.url()}`);
      });
    });

    afterEach(async () => {
      await page?.close();
    });

    after(async () => {
      await browser?.close();
    });

    /** The page's status line once training ended, and the loss of each epoch it listed. */
    async function trained(): Promise<{ status: string; losses: number[] }> {
      await page.waitForFunction(() => /^(done|failed)/.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 100_000 });
      const status = (await page.textContent('#status')) ?? '';
      const rows = await page.$$eval('#epochs li', (items) => items.map((item) => item.textContent ?? ''));
      const losses = rows.map((row, epoch) => {
        const match = /^epoch (\d+): loss (\d+\.\d+), probes right \d+\/8$/.exec(row);
        assert.ok(match && Number(match[1]) === epoch, `row ${epoch} reads "${row}"`);
        return Number(match[2]);
      });
      return { status, losses };
    }

    for (const backend of ['webgl', 'webgpu', 'wasm', 'cpu']) {
      it(`trains on ${backend}: the loss falls epoch after epoch, no errors`, async () => {
        await page.goto(`${server!.url}?backend=${backend}`);
        const { status, losses } = await trained();
        assert.deepEqual(problems, []);
        assert.equal(status, `done: ${EPOCHS} epochs on ${backend}`);
        assert.equal(await page.evaluate(() => (globalThis as unknown as { tf: { getBackend(): string } }).tf.getBackend()), backend);
        assert.equal(losses.length, EPOCHS);
        assert.ok(losses.at(-1)! < 0.9 * losses[0], `loss ${losses.join(' → ')}: the last is not clearly below the first`);
        losses.slice(1).forEach((loss, i) => assert.ok(loss < losses[i], `loss rose from epoch ${i} to ${i + 1}: ${losses.join(' → ')}`));
      });
    }

    it('a wrong ?backend= is named in the page, with the ones to use', async () => {
      await page.goto(`${server!.url}?backend=gpu`);
      const { status, losses } = await trained();
      assert.equal(status, 'failed: unknown backend "gpu" in the page\'s URL: use ?backend=webgl, ?backend=webgpu, ?backend=wasm, ?backend=cpu');
      assert.deepEqual(losses, []);
      assert.equal(problems.length, 1, 'the failure is logged to the console once');
      problems.length = 0;
    });

    it("a breakpoint on BREAK_LINE stops once per epoch, with the model's answers in scope (webgl, the default)", async () => {
      const line = lineOf(APP, 'BREAK_LINE');
      const cdp = await page.context().newCDPSession(page);
      const stops: { line: number; shape: string; backend: string }[] = [];
      cdp.on('Debugger.paused', (event) => {
        const frame = event.callFrames[0];
        const evaluate = (expression: string) =>
          cdp
            .send('Debugger.evaluateOnCallFrame', { callFrameId: frame.callFrameId, expression, returnByValue: true })
            .then(({ result }) => result.value as string);
        void Promise.all([evaluate('JSON.stringify(probabilities.shape)'), evaluate('tf.getBackend()')])
          .then(([shape, backend]) => stops.push({ line: frame.location.lineNumber + 1, shape, backend }))
          .finally(() => cdp.send('Debugger.resume'));
      });
      await cdp.send('Debugger.enable');
      await cdp.send('Debugger.setBreakpointByUrl', { url: `${server!.url}app.js`, lineNumber: line - 1 });
      await page.goto(server!.url);
      const { status } = await trained();
      assert.deepEqual(problems, []);
      assert.equal(status, `done: ${EPOCHS} epochs on webgl`);
      assert.deepEqual(
        stops,
        Array.from({ length: EPOCHS }, () => ({ line, shape: '[8,2]', backend: 'webgl' })),
      );
    });
  });
});
