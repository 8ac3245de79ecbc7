/**
 * What the extension adds to the launch configurations of VS Code's JavaScript debugger
 * (js-debug), so that a session it runs shows tensors as a `tfjs` session does: the tensor text
 * for its own Variables, Watch, hover and Debug Console (`customDescriptionGenerator`, from
 * runtime/adapterCode.ts), and for a Node program the runtime preloaded (`NODE_OPTIONS`), which
 * a page gets injected instead. A configuration that sets either itself keeps its own.
 */
import * as vscode from 'vscode';
import { tensorDescriptionGenerator } from '../../runtime/adapterCode';

/** js-debug's launch types that get the tensor text: browsers, and Node (`chrome` becomes `pwa-chrome` before other providers see it, and so on). */
export const jsDebugTypes: readonly string[] = ['pwa-chrome', 'pwa-msedge', 'pwa-node', 'chrome', 'msedge', 'node'];

/** Whether the user lets the extension follow js-debug's sessions (the `tfjs.followJavaScriptDebugger` setting). */
export function followsJsDebug(): boolean {
  return vscode.workspace.getConfiguration('tfjs').get<boolean>('followJavaScriptDebugger', true);
}

/** A NODE_OPTIONS word for a path, quoted when it holds a space. */
function nodeOption(value: string): string {
  return /\s/.test(value) ? `"${value}"` : value;
}

export class JsDebugConfigurations implements vscode.DebugConfigurationProvider {
  constructor(private readonly nodeRuntimePath: string) {}

  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration {
    // js-debug resolves the configuration of each page or process it attaches to again; the
    // top-level one is where a user's settings live.
    if (config.__pendingTargetId || !followsJsDebug()) return config;
    config.customDescriptionGenerator ??= tensorDescriptionGenerator;
    if (/node$/.test(config.type) && config.request === 'launch') {
      const env: Record<string, string | null> = { ...(config.env ?? {}) };
      const inherited = env.NODE_OPTIONS ?? process.env.NODE_OPTIONS ?? '';
      if (!inherited.includes(this.nodeRuntimePath)) env.NODE_OPTIONS = `--require ${nodeOption(this.nodeRuntimePath)} ${inherited}`.trim();
      config.env = env;
    }
    return config;
  }
}
