/**
 * Gives a Node program WebGPU before `@tensorflow/tfjs-backend-webgpu` loads: Dawn's Node
 * bindings (the `webgpu` package, from the program's project) as `navigator.gpu`, and the
 * `GPUBufferUsage`-style constants the backend reads as globals. The backend registers only
 * when `navigator.gpu` is there as it loads. Dawn's adapters are tried in order: the
 * platform's own (Vulkan on Linux, where a GPU driver or another Vulkan driver answers), then
 * OpenGL ES, which Mesa gives on any Linux machine (llvmpipe without a GPU) at WebGPU's
 * compatibility feature level; without a display it needs `EGL_PLATFORM=surfaceless`, set
 * when the program's environment does not say otherwise.
 */
import { createRequire } from 'node:module';
import { say } from './backendChoice';

/** The part of `navigator.gpu` that setting up and tfjs's webgpu backend use. */
interface GpuLike {
  requestAdapter(options?: Record<string, unknown>): Promise<{ info?: { description?: string } } | null>;
  getPreferredCanvasFormat?(): string;
  wgslLanguageFeatures?: unknown;
}

/** One way of asking Dawn for an adapter. */
interface AdapterChoice {
  /** Dawn's instance flags. */
  flags: string[];
  /** What every adapter request of the backend is given besides its own options. */
  options: Record<string, unknown>;
}

/** Dawn's adapters in the order they are tried. */
const adapterChoices: AdapterChoice[] = [
  { flags: [], options: {} },
  { flags: ['backend=opengles'], options: { featureLevel: 'compatibility' } },
];

interface DawnPackage {
  create(flags: string[]): GpuLike;
  globals: Record<string, unknown>;
}

/** How long the adapter may take to answer before the program runs without it. */
const adapterTimeoutMs = 15_000;

/** The `webgpu` package from the program's project; undefined (and said) when it is not there. */
function loadDawn(from: string[]): DawnPackage | undefined {
  try {
    const entry = require.resolve('webgpu', { paths: from });
    return createRequire(entry)(entry) as DawnPackage;
  } catch (error) {
    say(
      `backend "webgpu" from the launch configuration needs the webgpu package (Dawn's Node bindings), which the program's project does not have (${(error as Error).message.split('\n')[0]}); install it with npm install webgpu. The program's own backend is used.`,
    );
    return undefined;
  }
}

/** `gpu` as tfjs will call it: every adapter request is given the choice's options. */
function chosenGpu(gpu: GpuLike, choice: AdapterChoice): GpuLike {
  return {
    requestAdapter: (options) => gpu.requestAdapter({ ...options, ...choice.options }),
    getPreferredCanvasFormat: () => gpu.getPreferredCanvasFormat?.() ?? 'bgra8unorm',
    get wgslLanguageFeatures() {
      return gpu.wgslLanguageFeatures;
    },
  };
}

/** `promise`, or null once `ms` have passed (the timer does not keep the program alive). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(null), ms);
    timer.unref();
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}

/**
 * Installs Dawn as the program's `navigator.gpu` and checks that an adapter answers; true when
 * tfjs's webgpu backend can now be loaded. Whatever fails is said, with what to do.
 */
export async function setUpDawn(from: string[]): Promise<boolean> {
  process.env.EGL_PLATFORM ??= 'surfaceless';
  const dawn = loadDawn(from);
  if (!dawn) return false;
  let gpu: GpuLike | undefined;
  for (const choice of adapterChoices) {
    const candidate = chosenGpu(dawn.create(choice.flags), choice);
    try {
      if (await within(candidate.requestAdapter(), adapterTimeoutMs)) {
        gpu = candidate;
        break;
      }
    } catch (error) {
      say(`Dawn's adapter request (${choice.flags.join(' ') || 'default'}) failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (!gpu) {
    say(
      `backend "webgpu" from the launch configuration found no WebGPU adapter: neither a Vulkan driver nor Dawn's OpenGL ES backend answered. Without a GPU, OpenGL ES needs Mesa's EGL and GLES libraries (Debian: apt-get install libegl1 libgles2 libegl-mesa0), with EGL_PLATFORM=surfaceless where there is no display. The program's own backend is used.`,
    );
    return false;
  }
  const global = globalThis as Record<string, unknown>;
  for (const [name, value] of Object.entries(dawn.globals)) if (!(name in global)) global[name] = value;
  // Node 21 and later have a `navigator` of their own, without `gpu`.
  const navigator = (global.navigator ?? {}) as Record<string, unknown>;
  Object.defineProperty(navigator, 'gpu', { value: gpu, configurable: true, enumerable: true });
  if (!global.navigator) global.navigator = navigator;
  return true;
}
