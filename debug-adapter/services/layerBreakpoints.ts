/**
 * DAP function breakpoints on tf.layers layers: `layer:<name>` stops before the layer runs,
 * `layer:<name>:nan` when its output holds NaN or ±Inf (docs/protocol.md, Breakpoints). The
 * runtime does the stopping (runtime/layerBreakpoints.ts); here names are read and checked
 * against the layers the program has built so far.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { LayerBreakpoint } from '../../protocol/runtimeApi';

const prefix = 'layer:';
const nanSuffix = ':nan';

/** The layer breakpoint a function breakpoint's name asks for, or why it is none. */
export function parseLayerBreakpoint(name: string): LayerBreakpoint | string {
  const trimmed = name.trim();
  if (!trimmed.startsWith(prefix)) {
    return `"${trimmed}" is not a layer breakpoint: name one as layer:<name> (stop before the layer runs) or layer:<name>:nan (stop when its output holds NaN or Inf)`;
  }
  const nan = trimmed.endsWith(nanSuffix) && trimmed.length > prefix.length + nanSuffix.length;
  const layer = trimmed.slice(prefix.length, nan ? -nanSuffix.length : undefined);
  if (layer === '') return 'layer: names no layer: write layer:<name>, e.g. layer:conv1';
  return { layer, on: nan ? 'nan' : 'run' };
}

/** The DAP answer for function breakpoints, and the layer breakpoints among them; `known` are the layer names the program's models have now. */
export function layerBreakpoints(
  requested: DebugProtocol.FunctionBreakpoint[],
  known: Set<string>,
  firstId: number,
): { breakpoints: DebugProtocol.Breakpoint[]; layers: (LayerBreakpoint & { id: number })[] } {
  const layers: (LayerBreakpoint & { id: number })[] = [];
  const breakpoints = requested.map((requestedOne, i): DebugProtocol.Breakpoint => {
    const id = firstId + i;
    const parsed = parseLayerBreakpoint(requestedOne.name);
    if (typeof parsed === 'string') return { id, verified: false, message: parsed };
    layers.push({ ...parsed, id });
    if (known.has(parsed.layer)) return { id, verified: true };
    return { id, verified: false, message: `no layer named "${parsed.layer}" yet: it stops once a layer of that name runs` };
  });
  return { breakpoints, layers };
}
