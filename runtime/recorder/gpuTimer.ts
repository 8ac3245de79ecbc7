/**
 * What a kernel's time measures on the program's backend, and the GPU's own time of kernels
 * on webgl and webgpu. On cpu, wasm and tensorflow a kernel computes before it returns, so
 * the clock around it measures the computation; webgl and webgpu only queue work for the GPU,
 * so the clock measures the dispatch, and the GPU's time shows up later, in whatever waits for
 * it (a read). The GPU's time comes from the backend's own timer queries (webgl's
 * EXT_disjoint_timer_query_webgl2, webgpu's timestamp-query), the machinery behind `tf.time`
 * and `tf.profile`: such a backend times every program it runs while its `activeTimers` list
 * is set, each entry's `query` a promise of milliseconds. The recorder sets a list of its own
 * around an outermost kernel and writes the sum once the GPU answers. Off unless asked: each
 * timed program costs a query, and on webgpu a queue submission of its own.
 */
import type { ProfileTiming } from '../../protocol/runtimeApi';

/** A GPU backend's timer state, as webgl's and webgpu's backends keep it. */
interface TimingBackend {
  activeTimers?: { query?: Promise<number> | number }[] | null;
  /** webgpu: whether the device has `timestamp-query`. */
  supportTimestampQuery?: boolean;
}

/** The part of the engine the timer reads: the backends by name, and tfjs's flags. */
export interface TimedEngine {
  backendName: string;
  registry?: Record<string, unknown>;
  ENV?: { getNumber(flag: string): number };
}

/** The backends that queue kernels for a GPU. */
const queuing = new Set(['webgl', 'webgpu']);

function timingBackend(engine: TimedEngine): TimingBackend | undefined {
  return engine.registry?.[engine.backendName] as TimingBackend | undefined;
}

/** Whether the backend can time its GPU programs (webgl reports a CPU clock instead when its timer query is unreliable). */
function hasGpuTimer(engine: TimedEngine): boolean {
  if (engine.backendName === 'webgpu') return timingBackend(engine)?.supportTimestampQuery === true;
  if (engine.backendName !== 'webgl') return false;
  try {
    return (engine.ENV?.getNumber('WEBGL_DISJOINT_QUERY_TIMER_EXTENSION_RELIABLE') ?? 0) > 0;
  } catch {
    return false;
  }
}

/** Times outermost kernels on the GPU while `on`. */
export class GpuTimer {
  on = false;

  /** What the profile's times measure on the engine's backend now. */
  timing(engine: TimedEngine | undefined): ProfileTiming {
    const backend = engine?.backendName ?? '';
    if (!engine || !queuing.has(backend)) return { backend, kernelTime: 'compute' };
    return { backend, kernelTime: 'dispatch', gpuTime: !hasGpuTimer(engine) ? 'unavailable' : this.on ? 'on' : 'off' };
  }

  /**
   * Starts timing the programs of a kernel: answers the list they go to, or undefined when
   * the timer is off, the backend has none, or the program times its own code (`tf.time`,
   * `tf.profile`: its list is set, and a list of ours inside it would hide its programs).
   */
  begin(engine: TimedEngine): TimingBackend['activeTimers'] {
    if (!this.on || !queuing.has(engine.backendName)) return undefined;
    const backend = timingBackend(engine);
    if (!backend || backend.activeTimers != null || !hasGpuTimer(engine)) return undefined;
    const timers: NonNullable<TimingBackend['activeTimers']> = [];
    backend.activeTimers = timers;
    return timers;
  }

  /** Ends timing the kernel begun with `timers`; answers the GPU's time to come (undefined: it ran no program). */
  end(engine: TimedEngine, timers: NonNullable<TimingBackend['activeTimers']>): Promise<number> | undefined {
    const backend = timingBackend(engine);
    if (backend?.activeTimers === timers) backend.activeTimers = undefined;
    if (timers.length === 0) return undefined;
    return Promise.all(timers.map((timer) => timer.query ?? 0)).then((times) => times.reduce<number>((sum, ms) => sum + Number(ms), 0));
  }
}
