/**
 * Brings the panels back after "Reload Window" (which the README asks for after a rebuild):
 * VS Code keeps each open panel's tab and the state its page saved, and hands both to the
 * serializer of its view type, which loads the page again and gives the panel back its host.
 * The page shows what it kept at once; the host says it is from an ended session, and reads
 * again at the next stop.
 */
import * as vscode from 'vscode';
import { parseRestoredPanel, type RestoredPanel } from '../../protocol/webviewMessages';
import type { DebugStops } from '../debugStops';
import { HeatmapPanel } from './heatmapPanel';
import { ModelPanel } from './modelPanel';
import { ProfilePanel } from './profilePanel';
import { TapePanel } from './tapePanel';

type Restore = (extensionUri: vscode.Uri, stops: DebugStops, panel: vscode.WebviewPanel, restored: RestoredPanel) => void;

const restorers: Record<string, Restore> = {
  'tfjs.heatmap': (...args) => HeatmapPanel.restore(...args),
  'tfjs.profile': (...args) => ProfilePanel.restore(...args),
  'tfjs.tape': (...args) => TapePanel.restore(...args),
  'tfjs.model': (...args) => ModelPanel.restore(...args),
};

export function registerPanelSerializers(extensionUri: vscode.Uri, stops: DebugStops): vscode.Disposable {
  return vscode.Disposable.from(
    ...Object.entries(restorers).map(([viewType, restore]) =>
      vscode.window.registerWebviewPanelSerializer(viewType, {
        async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
          restore(extensionUri, stops, panel, parseRestoredPanel(state));
        },
      }),
    ),
  );
}
