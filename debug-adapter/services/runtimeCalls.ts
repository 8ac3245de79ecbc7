/**
 * Calls into the runtime API inside the program: one typed function (`callApiMethod`, called
 * with `this` bound to the runtime API) is sent with `Runtime.callFunctionOn`, never code
 * assembled from strings, with the method's name and arguments; what each method takes and
 * answers comes from the `RuntimeApi` type.
 */
import type { Protocol } from 'devtools-protocol';
import type { TensorResponseBody } from '../../protocol/customRequests';
import type {
  FitStops,
  LayerBreakpoint,
  ProfileFormat,
  RuntimeApi,
  ScriptCodeRanges,
  TapeTensorKind,
  TensorChild,
  TensorSummary,
} from '../../protocol/runtimeApi';
import { runtimeApiLookup } from '../../runtime/adapterCode';
import type { CdpConnection } from '../cdp/connection';
import { exceptionMessage } from './exceptionMessage';
import { pausedObjectGroup } from './objectGroups';

/** A method of the runtime API. */
type ApiMethod = {
  [K in keyof RuntimeApi]: RuntimeApi[K] extends (...args: never[]) => unknown ? K : never;
}[keyof RuntimeApi];
/** What a method of the runtime API answers, as the adapter receives it. */
type ApiResult<K extends ApiMethod> = Awaited<ReturnType<RuntimeApi[K]>>;

/**
 * The one function sent into the program: calls the API's method `name` (with `this` bound to
 * the API object) with the rest of its arguments. Types come from `RuntimeApi`, the one
 * declaration of what the runtime offers; nothing else here repeats a method.
 */
function callApiMethod(this: RuntimeApi, name: ApiMethod, ...args: unknown[]): unknown {
  return (this[name] as (...values: unknown[]) => unknown)(...args);
}

/** Why tensor features cannot work in a program. */
export const runtimeMissing = 'the tfjs debugger runtime is not loaded in the program';

/** A runtime API call that threw; its message is for the user (e.g. a shape mismatch). */
export class RuntimeCallError extends Error {}

/** An argument for a remote call: a remote object, or a value sent as JSON. */
export type RemoteArgument = Protocol.Runtime.CallArgument;

/** The runtime API of one program, reached through its CDP connection. */
export class RuntimeCalls {
  private apiObjectId: string | undefined;

  constructor(private readonly connection: CdpConnection) {}

  /**
   * Finds the API object; whether its absence is an error is the target's to say (a program
   * attached to under `--inspect-brk` has not run its preloads yet), so a runtime not found
   * now is looked for again at its first use.
   */
  async connect(): Promise<boolean> {
    const { result } = await this.connection.send('Runtime.evaluate', {
      expression: runtimeApiLookup,
      objectGroup: 'tfjs-debugger-runtime',
    });
    this.apiObjectId = result.objectId;
    return this.apiObjectId !== undefined;
  }

  /** Forgets the API object: a page that navigated or reloaded has a new one (or none yet). */
  forget(): void {
    this.apiObjectId = undefined;
  }

  describe(objectIds: string[]): Promise<(TensorSummary | null)[]> {
    if (objectIds.length === 0) return Promise.resolve([]);
    return this.call(
      'describe',
      objectIds.map((objectId) => ({ objectId })),
    );
  }

  children(tensorObjectId: string, path: number[], start: number, count: number): Promise<TensorChild[]> {
    return this.call('children', [{ objectId: tensorObjectId }, { value: path }, { value: start }, { value: count }]);
  }

  beginEvaluation(): Promise<void> {
    return this.call('beginEvaluation', []);
  }

  endEvaluation(result: RemoteArgument): Promise<TensorSummary | null> {
    return this.call('endEvaluation', [result]);
  }

  models(): Promise<ApiResult<'models'>> {
    return this.call('models', []);
  }

  history(model: number, layer: string | undefined, points: number | undefined, histograms: boolean): Promise<ApiResult<'history'>> {
    return this.call('history', [{ value: model }, { value: layer }, { value: points }, { value: histograms }]);
  }

  pin(model: number, weight: string, pinned: boolean): Promise<ApiResult<'pin'>> {
    return this.call('pin', [{ value: model }, { value: weight }, { value: pinned }]);
  }

  /** A model's weight: the live variable, or with `step` a read-only snapshot (released with the stop's other objects). */
  modelWeight(model: number, weight: string, step: number | undefined): Promise<Protocol.Runtime.RemoteObject> {
    return this.callRemote('modelWeight', [{ value: model }, { value: weight }, { value: step }], false);
  }

  /** The live tensors made at a line, as a remote tensor or read-only snapshot (released with the stop's other objects). */
  lineTensors(key: string): Promise<Protocol.Runtime.RemoteObject> {
    return this.callRemote('lineTensors', [{ value: key }], false);
  }

  /** Tensor memory; `byLine` adds the live tensors by line, `atStop` says the program stopped now. */
  memory(options: { byLine?: boolean; atStop?: boolean } = {}): Promise<ApiResult<'memory'>> {
    return this.call('memory', [{ value: options }]);
  }

  /** Makes an edit: a remote `undefined` when the target itself holds the new values, or the new tensor to put in its place. */
  async prepareReplacement(target: RemoteArgument, value: RemoteArgument, index: number[]): Promise<Protocol.Runtime.RemoteObject> {
    return this.callRemote('prepareReplacement', [target, value, { value: index }], false);
  }

  /**
   * Statistics and a 2-D view of a tensor (`tfjs/tensor`), with its float32 bytes: raw through
   * the agent's socket when the program has the agent, otherwise decoded from base64.
   */
  async view(value: RemoteArgument, slice: string | undefined, maxSize: [number, number], full: boolean): Promise<{ body: TensorResponseBody; bytes: Buffer }> {
    const answer = await this.call('view', [value, { value: slice }, { value: maxSize }, { value: full }, { value: true }]);
    const { transfer, pending, ...shown } = answer.view;
    if (pending !== undefined) {
      const { params, bytes } = await this.connection.binary(pending);
      if (params.error || !params.stats || !params.view) throw new RuntimeCallError(params.error ?? 'the view was not made');
      return { body: { ...answer, stats: params.stats, view: { ...params.view, data: '' } }, bytes };
    }
    const bytes = transfer !== undefined ? (await this.connection.binary(transfer)).bytes : Buffer.from(shown.data, 'base64');
    return { body: { ...answer, view: shown }, bytes };
  }

  profile(format: ProfileFormat, reset: boolean, gpuTime?: boolean): Promise<ApiResult<'profile'>> {
    return this.call('profile', [{ value: format }, { value: reset }, ...(gpuTime === undefined ? [] : [{ value: gpuTime }])]);
  }

  tapes(keepValues: boolean): Promise<ApiResult<'tapes'>> {
    return this.call('tapes', [{ value: { keepValues } }]);
  }

  /** A tape's kept tensor, as a remote read-only snapshot (released with the stop's other objects). */
  tapeTensor(tape: number, tensorId: number, kind: TapeTensorKind): Promise<Protocol.Runtime.RemoteObject> {
    return this.callRemote('tapeTensor', [{ value: tape }, { value: tensorId }, { value: kind }], false);
  }

  setLayerBreakpoints(breakpoints: LayerBreakpoint[]): Promise<void> {
    return this.call('setLayerBreakpoints', [{ value: breakpoints }]);
  }

  layerStop(): Promise<ApiResult<'layerStop'>> {
    return this.call('layerStop', []);
  }

  setFitStops(at: FitStops): Promise<void> {
    return this.call('setFitStops', [{ value: at }]);
  }

  fitStops(): Promise<FitStops> {
    return this.call('fitStops', []);
  }

  fitStop(): Promise<ApiResult<'fitStop'>> {
    return this.call('fitStop', []);
  }

  setSentinel(on: boolean): Promise<void> {
    return this.call('setSentinel', [{ value: on }]);
  }

  /** Tells the runtime which parts of a bundled script are library code. */
  setLibraryRanges(scriptUrl: string, ranges: ScriptCodeRanges): Promise<void> {
    return this.call('setLibraryRanges', [{ value: scriptUrl }, { value: ranges }]);
  }

  /** What the program is stopped on in the NaN sentinel, if it is. */
  nonFinite(): Promise<ApiResult<'nonFinite'>> {
    return this.call('nonFinite', []);
  }

  settleReplacement(replacement: RemoteArgument, original: RemoteArgument): Promise<void> {
    return this.call('settleReplacement', [replacement, original]);
  }

  /** Stashes a value for an expression to pick up (adapterCode's `assignStashed`). */
  stash(value: RemoteArgument): Promise<void> {
    return this.call('stash', [value]);
  }

  private async call<K extends ApiMethod>(method: K, args: RemoteArgument[]): Promise<ApiResult<K>> {
    return (await this.callRemote(method, args, true)).value as ApiResult<K>;
  }

  private async callRemote(method: ApiMethod, args: RemoteArgument[], byValue: boolean): Promise<Protocol.Runtime.RemoteObject> {
    if (!this.apiObjectId && !(await this.connect())) throw new Error(runtimeMissing);
    const { result, exceptionDetails } = await this.connection.send('Runtime.callFunctionOn', {
      objectId: this.apiObjectId,
      functionDeclaration: callApiMethod.toString(),
      arguments: [{ value: method }, ...args],
      returnByValue: byValue,
      objectGroup: byValue ? undefined : pausedObjectGroup,
      silent: true,
    });
    if (exceptionDetails) throw new RuntimeCallError(exceptionMessage(exceptionDetails));
    return result;
  }
}
