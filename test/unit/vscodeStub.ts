/**
 * A stand-in for the `vscode` module, for unit tests of extension/ code outside VS Code:
 * requiring `vscode` gives `vscodeStub`, whose `debug.activeDebugSession` a test sets. Import
 * this module before the code under test.
 */
export const vscodeStub: { debug: { activeDebugSession: { id: string; type: string; name: string } | undefined } } = {
  debug: { activeDebugSession: undefined },
};

const STUB_PATH = '\0vscode-stub';
// Node's Module class, whose resolver every require goes through.
const resolver = module.constructor as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
const resolve = resolver._resolveFilename.bind(resolver);
resolver._resolveFilename = (request: string, ...rest: unknown[]) => (request === 'vscode' ? STUB_PATH : resolve(request, ...rest));
require.cache[STUB_PATH] = { id: STUB_PATH, filename: STUB_PATH, loaded: true, exports: vscodeStub } as unknown as NodeJS.Module;
