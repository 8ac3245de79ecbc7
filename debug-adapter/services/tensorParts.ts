/**
 * The names the Variables view hands out for the parts of a tensor (`tf.gather(x, 2)` for a
 * sub-tensor, `x.bufferSync().get(2, 3)` for an element), remembered with what they stand for
 * as data: the whole tensor's expression and the index into it. An edit of a name handed out
 * (`setExpression` on a part, a heatmap cell of a part opened from Variables) is made on the
 * whole tensor at that index, found by an exact lookup of the name; any other expression is
 * evaluated as written. The names outlive the stop they were handed out at, because a heatmap
 * opened on a part follows that name at every later stop, and its edits must still reach the
 * tensor the user picked rather than a copy `tf.gather` made.
 */
import { elementName, subTensorName } from '../../runtime/adapterCode';

/** A part of a tensor: the expression of the whole tensor and the index into its leading axes. */
export interface TensorPart {
  root: string;
  index: number[];
}

/** How many names are kept; the ones used longest ago are forgotten first. */
const keptNames = 10_000;

export class TensorParts {
  private readonly parts = new Map<string, TensorPart>();

  /** The name of the sub-tensor at `index` of the tensor `root` names, remembered. */
  subTensor(root: string, index: number[]): string {
    return this.remember(subTensorName(root, index), root, index);
  }

  /** The name of the element at `index` of the tensor `root` names, remembered. */
  element(root: string, index: number[]): string {
    return this.remember(elementName(root, index), root, index);
  }

  /** What a name handed out stands for; undefined for any other expression. */
  lookup(expression: string): TensorPart | undefined {
    const part = this.parts.get(expression);
    if (part) this.touch(expression, part);
    return part;
  }

  private remember(name: string, root: string, index: number[]): string {
    // A part of a part (a Watch of `tf.gather(x, 2)`, expanded) is a part of the whole tensor.
    const parent = this.parts.get(root);
    this.touch(name, parent ? { root: parent.root, index: [...parent.index, ...index] } : { root, index });
    return name;
  }

  private touch(name: string, part: TensorPart): void {
    this.parts.delete(name);
    this.parts.set(name, part);
    if (this.parts.size > keptNames) this.parts.delete(this.parts.keys().next().value as string);
  }
}
