/**
 * The tensor shapes a kernel runs on, per user line, for the profile's tooltips: a few
 * distinct signatures (`[64,8] [8,16] → [64,16]`) per (source line, kernel), noted on the
 * first call and then on every 256th, so that a kernel pays a map lookup, not a string.
 */

/** How many distinct signatures are kept per (source, kernel). */
const keptSignatures = 4;
/** After the first call, one call in this many is looked at. */
const sampleEvery = 256;

interface ShapeLike {
  shape?: readonly number[];
}

interface Entry {
  calls: number;
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

  private static key(source: number, kernel: number): number {
    return source * 0x100000 + kernel;
  }

  /** Notes a call of `kernel` (an interned id) from `source`; reads shapes only when sampled. */
  note(source: number, kernel: number, inputs: Record<string, ShapeLike> | undefined, outputs: unknown): void {
    const key = KernelShapes.key(source, kernel);
    let entry = this.entries.get(key);
    if (!entry) this.entries.set(key, (entry = { calls: 0, signatures: [] }));
    if (entry.calls++ % sampleEvery !== 0 || entry.signatures.length >= keptSignatures) return;
    const signature = signatureOf(inputs, outputs);
    if (!entry.signatures.includes(signature)) entry.signatures.push(signature);
  }

  /** The signatures seen for `kernel` from `source`. */
  of(source: number, kernel: number): string[] {
    return this.entries.get(KernelShapes.key(source, kernel))?.signatures ?? [];
  }

  clear(): void {
    this.entries.clear();
  }
}
