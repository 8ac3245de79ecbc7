/**
 * Hover thumbnails: while a `tfjs` session is paused, hovering a name (or a dotted path such
 * as `model.w`) in JavaScript or TypeScript that gives a tensor shows its presentation string,
 * a small heatmap (a PNG made here, as a `data:` URI) and a link that opens the heatmap panel.
 * VS Code shows the debugger's own hover first; this one shows where that one has nothing,
 * or with Alt held.
 */
import * as vscode from 'vscode';
import { presentTensor } from '../common/tensorSlices';
import type { DebugStops } from './debugStops';
import { tfjsRequest } from './tfjsRequest';
import { decodeFloat32 } from './tensorFiles';
import { hoverExpression, thumbnailUri } from './thumbnail';

/** Largest view a thumbnail asks for. */
const THUMBNAIL_VIEW: [number, number] = [64, 64];
export class TensorHoverProvider implements vscode.HoverProvider {
  constructor(private readonly stops: DebugStops) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const frame = this.stops.focused();
    if (!frame) return undefined;
    const expression = hoverExpression(document.lineAt(position.line).text, position.character);
    if (!expression) return undefined;
    let body;
    try {
      body = await tfjsRequest(frame.session, 'tfjs/tensor', { expression, frameId: frame.frameId, maxSize: THUMBNAIL_VIEW });
    } catch {
      return undefined; // not a tensor (or not defined here): the hover is not ours
    }
    const [rows, cols] = body.view.shape;
    const markdown = new vscode.MarkdownString(undefined, true);
    markdown.isTrusted = { enabledCommands: ['tfjs.showHeatmap'] };
    markdown.supportHtml = true;
    markdown.appendCodeblock(`${expression}: ${presentTensor(body.dtype, body.shape, body.stats)}`, 'text');
    if (rows > 0 && cols > 0) {
      const image = thumbnailUri(rows, cols, decodeFloat32(body.view.data));
      markdown.appendMarkdown(`\n\n<img src="${image.uri}" width="${image.width}" height="${image.height}" alt="heatmap of ${expression}">\n\n`);
    }
    const args = encodeURIComponent(JSON.stringify([expression]));
    markdown.appendMarkdown(`[Show as Heatmap](command:tfjs.showHeatmap?${args} "Open ${expression} in the heatmap panel")`);
    return new vscode.Hover(markdown);
  }
}
