/**
 * A bounded ring of kernel events in typed arrays (struct of arrays): a million events take
 * about 30 MB and no garbage per event. Names (kernels, ops, source locations) are interned
 * to small integers. When full, the oldest events are overwritten and counted as dropped.
 * An event's GPU time (gpuTimer.ts) arrives later, when the GPU answers: it is written into the
 * event it belongs to unless that event has been overwritten or cleared since.
 */

/** Interns strings to dense ids. */
export class StringTable {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];

  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }

  /** Makes `value` a second name of `id`, unless it names an id already. */
  alias(value: string, id: number): void {
    if (!this.ids.has(value)) this.ids.set(value, id);
  }
}

const initialCapacity = 4096;

export class KernelRing {
  readonly names = new StringTable();
  private start = new Float64Array(initialCapacity);
  private duration = new Float32Array(initialCapacity);
  private self = new Float32Array(initialCapacity);
  private kernel = new Int32Array(initialCapacity);
  private op = new Int32Array(initialCapacity);
  private source = new Int32Array(initialCapacity);
  /** The nesting depth, the custom-gradient bit (64) and the backward bit (128). */
  private flags = new Uint8Array(initialCapacity);
  /** The GPU's time for the kernel, NaN until measured (or when not). */
  private gpu = new Float32Array(initialCapacity).fill(NaN);
  /** Events ever written. */
  private written = 0;
  /** Events written before the last `clear`, so that an event's number outlives clearing. */
  private clearedAt = 0;
  /** Where the next event goes (written modulo limit, without a division per event). */
  private next = 0;

  constructor(private readonly limit: number) {
    // Id 0 stands for no op (a kernel run outside any op), so no op name may take it.
    this.names.id('');
  }

  get size(): number {
    return Math.min(this.written, this.limit);
  }

  get dropped(): number {
    return Math.max(0, this.written - this.limit);
  }

  clear(): void {
    this.clearedAt += this.written;
    this.written = 0;
    this.next = 0;
  }

  /**
   * Records one event; `depth` is at most 63. `custom`: a custom gradient's forward function
   * (`tf.customGrad`, and the fused ops that use one), which holds kernels but is none itself.
   * Answers the event's number, for {@link setGpuMs}.
   */
  push(
    kernel: number,
    op: number,
    source: number,
    startMs: number,
    durationMs: number,
    selfMs: number,
    depth: number,
    backward: boolean,
    custom = false,
  ): number {
    const at = this.next;
    if (at >= this.start.length) this.grow();
    this.start[at] = startMs;
    this.duration[at] = durationMs;
    this.self[at] = selfMs;
    this.kernel[at] = kernel;
    this.op[at] = op;
    this.source[at] = source;
    this.flags[at] = depth | (backward ? 128 : 0) | (custom ? 64 : 0);
    this.gpu[at] = NaN;
    this.next = at + 1 === this.limit ? 0 : at + 1;
    return this.clearedAt + this.written++;
  }

  /** Writes the GPU time of event number `event`, if the ring still holds it. */
  setGpuMs(event: number, ms: number): void {
    const index = event - this.clearedAt;
    if (index < 0 || index >= this.written || this.written - index > this.limit) return;
    this.gpu[index % this.limit] = ms;
  }

  /** Calls `visit` for each kept event, oldest first, with its GPU time (NaN: none), without allocating per event. */
  forEach(visit: (...event: [...Required<Parameters<KernelRing['push']>>, gpuMs: number]) => void): void {
    const count = this.size;
    const first = this.written > this.limit ? this.written % this.limit : 0;
    for (let i = 0; i < count; i++) {
      const at = (first + i) % this.limit;
      const flags = this.flags[at];
      visit(
        this.kernel[at],
        this.op[at],
        this.source[at],
        this.start[at],
        this.duration[at],
        this.self[at],
        flags & 63,
        flags >= 128,
        (flags & 64) !== 0,
        this.gpu[at],
      );
    }
  }

  private grow(): void {
    const capacity = Math.min(this.limit, this.start.length * 2);
    const grown = <T extends Float64Array | Float32Array | Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old as never);
      return next;
    };
    this.start = grown(this.start, (n) => new Float64Array(n));
    this.duration = grown(this.duration, (n) => new Float32Array(n));
    this.self = grown(this.self, (n) => new Float32Array(n));
    this.kernel = grown(this.kernel, (n) => new Int32Array(n));
    this.op = grown(this.op, (n) => new Int32Array(n));
    this.source = grown(this.source, (n) => new Int32Array(n));
    this.flags = grown(this.flags, (n) => new Uint8Array(n));
    const gpu = new Float32Array(capacity).fill(NaN);
    gpu.set(this.gpu);
    this.gpu = gpu;
  }
}
