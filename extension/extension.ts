/**
 * Activation of the TF.js Model Debugger in VS Code: registers the `tfjs` debug adapter
 * (its own Node process, dist/debug-adapter.js), the configuration provider that lets F5
 * debug the open file without a launch.json, the companions that follow the web pages
 * VS Code's JavaScript debugger runs, the heatmap, profile and gradient tape panels' commands
 * (and their restore after a reload), the commands that start debugging, the status-bar item
 * and the tensor hover thumbnails.
 */
import * as vscode from 'vscode';
import type { TfjsDebuggerApi } from '../protocol/extensionApi';
import { TfjsConfigurationProvider } from './configurationProvider';
import { AdapterDescriptorFactory, adapterPath, runtimePath } from './adapterDescriptor';
import { Companions } from './companion/companions';
import { JsDebugConfigurations, jsDebugTypes } from './companion/jsDebugConfigurations';
import { DebugStops } from './debugStops';
import { registerHeatmapCommand } from './heatmapCommand';
import { registerMemoryCommand } from './memoryCommand';
import { HeatmapPanel } from './panels/heatmapPanel';
import { registerPanelSerializers } from './panels/panelSerializers';
import { registerProgramCommands } from './programCommands';
import { registerProfileCommands } from './profileCommands';
import { TfjsStatusBar } from './statusBar';
import { TensorHoverProvider } from './tensorHover';
import { registerTapeCommand } from './tapeCommand';
import { tfjsRequest } from './tfjsRequest';

export function activate(context: vscode.ExtensionContext): TfjsDebuggerApi {
  const companions = new Companions(adapterPath(context.extensionUri));
  const stops = new DebugStops(companions);
  context.subscriptions.push(
    companions,
    stops,
    registerHeatmapCommand(context.extensionUri, stops),
    registerProfileCommands(context.extensionUri, stops),
    vscode.languages.registerHoverProvider(['javascript', 'typescript'], new TensorHoverProvider(stops)),
    registerTapeCommand(context.extensionUri, stops),
    registerMemoryCommand(context.extensionUri, stops),
    registerPanelSerializers(context.extensionUri, stops),
    registerProgramCommands(runtimePath(context.extensionUri)),
    new TfjsStatusBar(stops),
    { dispose: () => HeatmapPanel.disposeAll() },
    vscode.debug.registerDebugAdapterDescriptorFactory('tfjs', new AdapterDescriptorFactory(context.extensionUri)),
    vscode.debug.registerDebugConfigurationProvider('tfjs', new TfjsConfigurationProvider('initial')),
    vscode.debug.registerDebugConfigurationProvider('tfjs', new TfjsConfigurationProvider('dynamic'), vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    ...jsDebugTypes.map((type) => vscode.debug.registerDebugConfigurationProvider(type, new JsDebugConfigurations(runtimePath(context.extensionUri)))),
  );
  return {
    request(sessionId, name, args) {
      const session = stops.byId(sessionId);
      if (!session)
        return Promise.reject(
          new Error(`no debug session ${sessionId} with tensors: a tfjs session, or one of VS Code's JavaScript debugger the extension follows`),
        );
      return tfjsRequest(session, name, args);
    },
  };
}

export function deactivate(): void {
  // Everything is owned by the context's subscriptions.
}
