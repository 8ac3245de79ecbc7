/**
 * The `launch` arguments of the `tfjs` debug type (docs/protocol.md, Launch arguments). This
 * interface is the one source of truth: package.json's configuration schema is checked against
 * it by a unit test, and the adapter's validation reads the same table.
 */
export interface LaunchArguments {
  /** Entry file (.js .cjs .mjs .ts .mts), absolute or relative to `cwd`. */
  program: string;
  /** Arguments passed to the program. */
  args?: string[];
  /** Working directory; defaults to the program's folder. */
  cwd?: string;
  /** Extra environment variables for the program. */
  env?: Record<string, string>;
  /** The Node.js executable to run; defaults to `node` on PATH. */
  runtimeExecutable?: string;
  /** Extra Node.js flags, placed before the program. */
  runtimeArgs?: string[];
  /** Stop on the program's first line. */
  stopOnEntry?: boolean;
  /** tfjs backend the program runs on from its first op, whatever it calls; `auto` keeps the program's choice. */
  backend?: 'auto' | 'cpu' | 'wasm' | 'tensorflow' | 'webgpu';
  /** Record every kernel for `tfjs/profile`. */
  profile?: boolean;
  /** Record gradient tapes for `tfjs/tape`. */
  captureTape?: boolean;
  /** Note the line that made each live tensor, for `tfjs/memory`'s `byLine` (the leak finder). */
  trackTensors?: boolean;
  /** Sum up each training step's weights, gradients and layer outputs, for the model panel's history. */
  trainingHistory?: boolean;
  /** Memory the training history may take, in MB. */
  historyMB?: number;
  /** Stop when a kernel's output holds NaN or Inf. */
  breakOnNaN?: boolean;
  /** Bound of the kernel-event ring buffer. */
  maxProfileEvents?: number;
  /** How many gradient tapes are kept (the newest). */
  maxTapes?: number;
  /** Show min/max/mean/std in tensor summaries; off shows dtype and shape only. */
  tensorStatistics?: boolean;
  /** Globs of scripts that stepping passes through and the call stack dims. */
  skipFiles?: string[];
  /** What hovering a tensor in the editor shows: the extension's thumbnail, or VS Code's debug hover (the thumbnail then with Alt). */
  tensorHover?: TensorHover;
}

/** `thumbnail`: the extension's hover (text, heatmap thumbnail, link); `debug`: VS Code's debug hover, the thumbnail with Alt held. */
export type TensorHover = 'thumbnail' | 'debug';

/** The JSON types a launch argument may have, as the schema and the validator name them. */
export type ArgumentKind = 'string' | 'string[]' | 'object' | 'boolean' | 'number' | 'enum';

/** One row of the launch argument table: its kind, default and description. */
export interface ArgumentSpec {
  kind: ArgumentKind;
  required?: boolean;
  values?: readonly string[];
  /** One line per entry of `values`, in its order: package.json's `enumDescriptions`, shown in launch.json's completion. */
  valueDescriptions?: readonly string[];
  default?: unknown;
  description: string;
}

/** The `attach` arguments: a program started with `node --inspect -r <runtime.js>`. */
export interface AttachArguments {
  /** Port of the program's inspector. */
  port?: number;
  /** Address of the program's inspector (this machine). */
  address?: string;
  /** Globs of scripts that stepping passes through and the call stack dims. */
  skipFiles?: string[];
  /** What hovering a tensor in the editor shows. */
  tensorHover?: TensorHover;
}

/** Every launch argument, described once for the validator and the package.json schema. */
export const launchArgumentSpecs: { readonly [K in keyof LaunchArguments]-?: ArgumentSpec } = {
  program: {
    kind: 'string',
    required: true,
    description: 'Entry file of the program to debug (.js, .cjs, .mjs, .ts, .mts), absolute or relative to cwd.',
  },
  args: { kind: 'string[]', default: [], description: 'Arguments passed to the program.' },
  cwd: { kind: 'string', description: "Working directory of the program; defaults to the program's folder." },
  env: { kind: 'object', default: {}, description: 'Extra environment variables for the program.' },
  runtimeExecutable: { kind: 'string', default: 'node', description: 'The Node.js executable that runs the program.' },
  runtimeArgs: { kind: 'string[]', default: [], description: 'Extra Node.js flags, placed before the program.' },
  stopOnEntry: { kind: 'boolean', default: false, description: "Stop on the program's first line." },
  backend: {
    kind: 'enum',
    values: ['auto', 'cpu', 'wasm', 'tensorflow', 'webgpu'],
    valueDescriptions: [
      "The program's own choice: the backend it sets, or tfjs's default.",
      "tfjs's plain JavaScript backend, which the tfjs package brings.",
      "WebAssembly: @tensorflow/tfjs-backend-wasm, loaded from the program's project.",
      "Native TensorFlow: @tensorflow/tfjs-node, loaded from the program's project.",
      "WebGPU through Dawn's Node bindings: webgpu and @tensorflow/tfjs-backend-webgpu, loaded from the program's project.",
    ],
    default: 'auto',
    description: "tfjs backend the program runs on from its first op, whatever it calls; 'auto' keeps the program's own choice.",
  },
  profile: { kind: 'boolean', default: true, description: 'Record every kernel for the profile panel.' },
  captureTape: { kind: 'boolean', default: true, description: 'Record gradient tapes for the tape panel.' },
  trackTensors: { kind: 'boolean', default: true, description: 'Note the line that made each live tensor, for TF.js: Show Memory (the leak finder).' },
  trainingHistory: {
    kind: 'boolean',
    default: true,
    description: "Sum up each training step's weights, gradients and layer outputs, for the model panel's history and step scrubber.",
  },
  historyMB: { kind: 'number', default: 64, description: 'Memory the training history may take, in MB; steps beyond it are counted as dropped.' },
  breakOnNaN: { kind: 'boolean', default: false, description: "Stop when a kernel's output holds NaN or Inf." },
  maxProfileEvents: { kind: 'number', default: 1000000, description: 'Bound of the kernel-event ring buffer.' },
  maxTapes: { kind: 'number', default: 10, description: 'How many gradient tapes are kept (the newest).' },
  tensorStatistics: {
    kind: 'boolean',
    default: true,
    description: 'Show min/max/mean/std in tensor summaries; off shows dtype and shape only.',
  },
  skipFiles: {
    kind: 'string[]',
    default: ['<node_internals>/**', '**/node_modules/@tensorflow/**'],
    description:
      "Globs of scripts to step through and dim in the call stack ('<node_internals>/**' for Node's own modules). Step into model.predict() lands in your layer's call().",
  },
  tensorHover: {
    kind: 'enum',
    values: ['thumbnail', 'debug'],
    valueDescriptions: [
      "The extension's hover: statistics, a heatmap thumbnail and a link to the heatmap panel.",
      "VS Code's debug hover (expandable); hold Alt for the thumbnail.",
    ],
    default: 'thumbnail',
    description:
      "What hovering a tensor in the editor shows while paused: 'thumbnail', the extension's hover (statistics, a heatmap thumbnail, a link to the heatmap panel); 'debug', VS Code's debug hover (expandable), the thumbnail then with Alt held. Defaults to the tfjs.tensorHover setting.",
  },
};

/** Every attach argument, described once for the validator and the package.json schema. */
export const attachArgumentSpecs: { readonly [K in keyof AttachArguments]-?: ArgumentSpec } = {
  port: { kind: 'number', default: 9229, description: "Port of the program's inspector (node --inspect=PORT)." },
  address: { kind: 'string', default: '127.0.0.1', description: "Address of the program's inspector." },
  skipFiles: launchArgumentSpecs.skipFiles,
  tensorHover: launchArgumentSpecs.tensorHover,
};

/**
 * The `attach` arguments the extension sends to follow a program another debugger runs
 * (js-debug, for a web page): never written by users. The adapter connects to that debugger's
 * CDP proxy for the program, injects the runtime and reads tensors at that debugger's stops;
 * it sets no breakpoints and never pauses, steps or resumes (docs/protocol.md, Companion).
 */
export interface CompanionArguments {
  /** The CDP endpoint of the program (js-debug's `extension.js-debug.requestCDPProxy`), `ws://host:port/path`. */
  companionCdpUrl: string;
  /** Record every kernel for `tfjs/profile`. */
  profile?: boolean;
  /** Record gradient tapes for `tfjs/tape`. */
  captureTape?: boolean;
  /** Note the line that made each live tensor, for `tfjs/memory`'s `byLine` (the leak finder). */
  trackTensors?: boolean;
  /** Sum up each training step's weights, gradients and layer outputs, for the model panel's history. */
  trainingHistory?: boolean;
  /** Memory the training history may take, in MB. */
  historyMB?: number;
  /** Show min/max/mean/std in tensor summaries. */
  tensorStatistics?: boolean;
  /** Stop when a kernel's output holds NaN or Inf (the other debugger shows the stop). */
  breakOnNaN?: boolean;
  /** Globs of the scripts that are not the user's: an op is credited to the innermost frame outside them. */
  skipFiles?: string[];
  /**
   * The followed debugger's `webRoot`: the local folder a page's URLs are served from, where a
   * bundled page's original sources (named by its source maps) are found. Empty: sources keep
   * their URLs.
   */
  webRoot?: string;
}

/** Every companion argument, described once for the validator. */
export const companionArgumentSpecs: { readonly [K in keyof CompanionArguments]-?: ArgumentSpec } = {
  companionCdpUrl: { kind: 'string', required: true, description: "The program's CDP endpoint, ws://host:port/path." },
  profile: launchArgumentSpecs.profile,
  captureTape: launchArgumentSpecs.captureTape,
  trackTensors: launchArgumentSpecs.trackTensors,
  trainingHistory: launchArgumentSpecs.trainingHistory,
  historyMB: launchArgumentSpecs.historyMB,
  tensorStatistics: launchArgumentSpecs.tensorStatistics,
  breakOnNaN: launchArgumentSpecs.breakOnNaN,
  skipFiles: { ...launchArgumentSpecs.skipFiles, default: [] },
  webRoot: {
    kind: 'string',
    default: '',
    description: "The JavaScript debugger's webRoot: the local folder the page's URLs are served from, where its source maps' files are found.",
  },
};
