/** Reading a profile's flame tree in tests. */
import type { FlameNode } from '../protocol/runtimeApi';

/** Every frame of a flame tree, depth first (the root first). */
export function framesOf(node: FlameNode): FlameNode[] {
  return [node, ...node.children.flatMap(framesOf)];
}
