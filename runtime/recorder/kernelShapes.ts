/**
 * The tensor shapes a kernel runs on, per user line, for the profile's tooltips: a few
 * distinct signatures (`[64,8] [8,16] → [64,16]`) per (source line, kernel). The recorder
 * notes the kernels of an op whose line it has just captured (so each line's first calls),
 * and one kernel in `sampleEvery` besides: most kernels pay a countdown, not a map lookup.
 */

/** How many distinct signatures are kept per (source, kernel). */
const keptSignatures = 4;
/**
 * One kernel in this many is noted besides. Prime, so that a training step of n kernels (n not
 * a multiple of it) has each of its kernels noted once in every `sampleEvery` steps.
 */
export const sampleEvery = 1009;

interface ShapeLike {
  shape?: readonly number[];
}

interface Entry {
  signatures: string[];
}

function shapeText(tensor: ShapeLike | null | undefined): string {
  return tensor?.shape ? `[${tensor.shape.join(',')}]` : '?';
}

/** `[64,8] [8,16] → [64,16]`: the inputs' shapes, then the outputs'. */
export function signatureOf(inputs: Record<string, ShapeLike> | undefined, outputs: unknown): string {
  const ins = inputs ? Object.values(inputs).map(shapeText).join(' ') : '';
  const outs = (Array.isArray(outputs) ? outputs : [outputs]).map((output) => shapeText(output as ShapeLike)).join(' ');
  return ins ? `${ins} → ${outs}` : `→ ${outs}`;
}

export class KernelShapes {
  private readonly entries = new Map<number, Entry>();
  private countdown = 1;

  private static key(source: number, kernel: number): number {
    return source * 0x100000 + kernel;
  }

  /** Whether the sampling countdown says to note this kernel (true once in `sampleEvery` calls). */
  due(): boolean {
    if (--this.countdown > 0) return false;
    this.countdown = sampleEvery;
    return true;
  }

  /** Notes the shapes of a call of `kernel` (an interned id) from `source`. */
  note(source: number, kernel: number, inputs: Record<string, ShapeLike> | undefined, outputs: unknown): void {
    const key = KernelShapes.key(source, kernel);
    let entry = this.entries.get(key);
    if (!entry) this.entries.set(key, (entry = { signatures: [] }));
    if (entry.signatures.length >= keptSignatures) return;
    const signature = signatureOf(inputs, outputs);
    if (!entry.signatures.includes(signature)) entry.signatures.push(signature);
  }

  /** The signatures seen for `kernel` from `source`. */
  of(source: number, kernel: number): string[] {
    return this.entries.get(KernelShapes.key(source, kernel))?.signatures ?? [];
  }

  clear(): void {
    this.entries.clear();
    this.countdown = 1;
  }
}
