/**
 * A share of the program's time for the debugger's work done inside the program's own calls
 * (summing up layer outputs, weights and gradients for the training history): the allowance
 * grows by `share` of the time that passes, up to `savedUpMs`, and shrinks by what the work
 * took. Work asked for while it is spent is passed over, and counted. On fast kernels (wasm's, a
 * small model's) a pass over a tensor can take longer than the op that made it; this keeps the
 * program's speed within a bound instead.
 */
export class TimeShare {
  private allowanceMs: number;
  private lastTick = performance.now();
  /** Pieces of work passed over for the share. */
  passedOver = 0;

  constructor(
    readonly share: number,
    private readonly savedUpMs: number,
  ) {
    this.allowanceMs = savedUpMs;
  }

  /** The work starts (again) now: the time before, while it was off, earns no allowance. */
  restart(): void {
    this.lastTick = performance.now();
  }

  /** Runs `work` if the share allows it now, charging what it took; answers whether it ran. */
  run(work: () => void): boolean {
    const now = performance.now();
    this.allowanceMs = Math.min(this.savedUpMs, this.allowanceMs + (now - this.lastTick) * this.share);
    this.lastTick = now;
    if (this.allowanceMs <= 0) {
      this.passedOver++;
      return false;
    }
    try {
      work();
    } finally {
      const done = performance.now();
      // A one-off cost (a GPU's first compile of the ops) owes at most what can be saved up.
      this.allowanceMs = Math.max(-this.savedUpMs, this.allowanceMs - (done - now));
      this.lastTick = done;
    }
    return true;
  }
}
