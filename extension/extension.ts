/**
 * Activation of the TF.js Model Debugger in VS Code: registers the `tfjs` debug adapter
 * (its own Node process, dist/debug-adapter.js) and the configuration provider that lets F5
 * debug the open file without a launch.json.
 */
import * as vscode from 'vscode';
import { TfjsConfigurationProvider } from './configurationProvider';
import { AdapterDescriptorFactory } from './adapterDescriptor';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory('tfjs', new AdapterDescriptorFactory(context.extensionUri)),
    vscode.debug.registerDebugConfigurationProvider('tfjs', new TfjsConfigurationProvider()),
    vscode.debug.registerDebugConfigurationProvider(
      'tfjs',
      new TfjsConfigurationProvider(),
      vscode.DebugConfigurationProviderTriggerKind.Dynamic,
    ),
  );
}

export function deactivate(): void {
  // Everything is owned by the context's subscriptions.
}
