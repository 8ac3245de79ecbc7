/**
 * The per-test setup of the suites that follow a page as js-debug's companion: the page, served
 * and open in headless Chromium on one backend; its owner, a CDP client with the Debugger on
 * that stands in for js-debug (the debugger running the page); and a fresh DAP client of the
 * adapter, which `follow` attaches as the page's companion.
 */
import type { Server } from 'node:http';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { CdpClient, openPage, type PageBrowser } from '../browser/pageChromium';
import { pageUrl } from '../localServer';
import { startClient } from './support';

/** A followed page of the test running now. */
export interface FollowedPage {
  readonly server: Server;
  readonly browser: PageBrowser;
  readonly owner: CdpClient;
  readonly client: DebugClient;
  /** Attaches the adapter as the page's companion, with more attach arguments if given. */
  follow(attach?: Record<string, unknown>): Promise<void>;
}

/** Mocha hooks: before each test, the page `serve` serves at `?query`, once it runs tfjs on `backend`; after it, all closed. */
export function followedPagePerTest(serve: () => Promise<Server>, query: string, backend: string): FollowedPage {
  let open: { server: Server; browser: PageBrowser; owner: CdpClient; client: DebugClient } | undefined;
  const current = (): NonNullable<typeof open> => {
    if (!open) throw new Error('no followed page: the before-each hook did not open one');
    return open;
  };
  beforeEach(async () => {
    const server = await serve();
    const browser = await openPage(`${pageUrl(server)}?${query}`);
    const owner = await CdpClient.connect(browser.pageCdpUrl);
    open = { server, browser, owner, client: await startClient() };
    await owner.send('Debugger.enable');
    await owner.until(`globalThis.backendReady === '${backend}'`);
  });
  afterEach(async () => {
    const closing = open;
    open = undefined;
    await closing?.client.stop();
    closing?.owner.close();
    await closing?.browser.close();
    closing?.server.close();
  });
  return {
    get server() {
      return current().server;
    },
    get browser() {
      return current().browser;
    },
    get owner() {
      return current().owner;
    },
    get client() {
      return current().client;
    },
    async follow(attach = {}) {
      const { client, browser } = current();
      await Promise.all([
        client.waitForEvent('initialized').then(() => client.configurationDoneRequest()),
        client.attachRequest({ companionCdpUrl: browser.pageCdpUrl, ...attach } as DebugProtocol.AttachRequestArguments),
      ]);
    },
  };
}
