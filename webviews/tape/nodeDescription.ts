/**
 * A tape graph's box in words, for those who do not see the graph: the sentence the
 * screen-reader readout announces for the keyboard's box, and the cells of the list that
 * stands in for the graph (its shapes, its line, its gradient's norm). Pure (no DOM).
 */
import { formatNumber } from '../../common/numberFormat';
import { describeTensor, shortLocation, type GraphNode } from './tapeGraph';

/** `float32[64,8] float32[8,16] → float32[64,16]` for an op, the tensor's own for a source. */
export function nodeShapes(node: GraphNode): string {
  if (node.kind === 'op') return `${node.record.inputs.map(describeTensor).join(' ')} → ${node.record.outputs.map(describeTensor).join(' ')}`;
  if (node.kind === 'source') return describeTensor(node.tensor);
  return node.detail;
}

/** `train.js:23`, or '' for a box of no line. */
export function nodeLine(node: GraphNode): string {
  if (node.kind === 'op') return node.record.source ? shortLocation(node.record.source) : '';
  return node.kind === 'group' ? shortLocation(node.location) : '';
}

/** `‖g‖=1e+6 exploding`, `no gradient`. */
export function nodeNorm(node: GraphNode): string {
  const norm = node.norm === undefined ? 'no gradient' : `‖g‖=${formatNumber(node.norm)}`;
  return node.mark ? `${norm} ${node.mark}` : norm;
}

function gradientWords(node: GraphNode): string {
  if (node.norm === undefined) return 'no gradient';
  const norm = `${node.kind === 'group' ? 'largest gradient norm' : 'gradient norm'} ${formatNumber(node.norm)}`;
  return node.mark ? `${norm} (${node.mark})` : norm;
}

/** What the readout says of a box: `MatMul, output float32[64,1], gradient norm 1e+6 (exploding), train.js:23`. */
export function describeNode(node: GraphNode, selected: boolean): string {
  const parts: string[] = [];
  if (node.kind === 'op') {
    const [output] = node.record.outputs;
    parts.push(node.record.op, output ? `output ${describeTensor(output)}` : 'no output', gradientWords(node));
    if (node.record.source) parts.push(shortLocation(node.record.source));
  } else if (node.kind === 'source') {
    const role = node.source?.variable ? 'Variable' : node.source ? 'Source' : 'Input';
    parts.push(`${role} ${node.label}`, describeTensor(node.tensor), gradientWords(node));
  } else {
    parts.push(`Line ${node.label} collapsed, ${node.detail}`, gradientWords(node), 'Enter expands it');
  }
  if (selected) parts.push('selected');
  return parts.join(', ');
}
