/**
 * A stand-in for the `vscode` module, for unit tests of extension/ code outside VS Code:
 * requiring `vscode` gives `vscodeStub`, whose `debug.activeDebugSession` a test sets and
 * whose `terminate` plays a debug session ending. Import this module before the code under test.
 */
type Listener = (session: { id: string }) => void;
const terminateListeners = new Set<Listener>();

export const vscodeStub: {
  debug: { activeDebugSession: { id: string; type: string; name: string } | undefined; onDidTerminateDebugSession(listener: Listener): { dispose(): void } };
  terminate(sessionId: string): void;
} = {
  debug: {
    activeDebugSession: undefined,
    onDidTerminateDebugSession(listener) {
      terminateListeners.add(listener);
      return { dispose: () => terminateListeners.delete(listener) };
    },
  },
  terminate(sessionId) {
    for (const listener of [...terminateListeners]) listener({ id: sessionId });
  },
};

const STUB_PATH = '\0vscode-stub';
// Node's Module class, whose resolver every require goes through.
const resolver = module.constructor as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
const resolve = resolver._resolveFilename.bind(resolver);
resolver._resolveFilename = (request: string, ...rest: unknown[]) => (request === 'vscode' ? STUB_PATH : resolve(request, ...rest));
require.cache[STUB_PATH] = { id: STUB_PATH, filename: STUB_PATH, loaded: true, exports: vscodeStub } as unknown as NodeJS.Module;
