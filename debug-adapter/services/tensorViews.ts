/**
 * `tfjs/tensor`: has the runtime answer with a tensor's statistics and a 2-D view (sliced and
 * block-reduced inside the program, sent as float32 bytes). The tensor is named by data: an
 * expression, evaluated in the paused frame (its temporaries, the viewed tensor included when
 * the expression made it, are disposed once the view is read), or a tensor a gradient tape
 * kept, which the runtime's `tapeTensor` gives as a snapshot that is no tensor of the engine,
 * a model's weight (the live variable, or a pinned weight's snapshot at an earlier step), or
 * the live tensors made at one line (the leak finder's).
 */
import type { Protocol } from 'devtools-protocol';
import type { ExpressionTarget, TensorRequestArgs, TensorResponseBody, TensorTarget } from '../../protocol/customRequests';
import { asArgument, EvaluationError, type Evaluator } from './evaluator';
import { exceptionMessage } from './exceptionMessage';
import type { RuntimeCalls } from './runtimeCalls';

type RemoteObject = Protocol.Runtime.RemoteObject;

/** The view size when the request gives none. */
const defaultMaxSize: [number, number] = [512, 512];

export class TensorViews {
  constructor(
    private readonly runtime: RuntimeCalls,
    private readonly evaluator: Evaluator,
  ) {}

  /** The `tfjs/tensor` answer, its bytes in base64 as DAP carries them. */
  async view(args: TensorRequestArgs, callFrameId: string | undefined): Promise<TensorResponseBody> {
    const { body, bytes } = await this.viewBytes(args, callFrameId);
    return { ...body, view: { ...body.view, data: bytes.toString('base64') } };
  }

  /** The answer with the view's float32 bytes as they arrived. */
  private async viewBytes(args: TensorRequestArgs, callFrameId: string | undefined): Promise<{ body: TensorResponseBody; bytes: Buffer }> {
    const viewOf = (tensor: RemoteObject): Promise<{ body: TensorResponseBody; bytes: Buffer }> =>
      this.runtime.view(asArgument(tensor), args.slice, args.maxSize ?? defaultMaxSize, args.full ?? false);
    if (args.expression === undefined) return viewOf(await this.namedByData(args));
    // The program answers requests in the order they were sent, so the evaluation is sent
    // with its opening, and its closing is not waited for: any later request (a resume
    // included) runs after it. A heatmap's refresh is three round trips, not four.
    const opened = this.runtime.beginEvaluation();
    const evaluated = this.evaluator.run(args.expression, callFrameId, false);
    try {
      await opened;
      const { result, exceptionDetails } = await evaluated;
      if (exceptionDetails) throw new EvaluationError(exceptionMessage(exceptionDetails));
      return await viewOf(result);
    } finally {
      evaluated.catch(() => undefined);
      this.runtime.endEvaluation({ value: undefined }).catch(() => undefined);
    }
  }

  /**
   * A tensor named by data, not by code: a tape's tensor, a model's weight (live or at an
   * earlier step), or a line's live tensors. No evaluation is opened: a snapshot makes no
   * tensor and runs no op, and the live ones are the program's.
   */
  private namedByData(target: Exclude<TensorTarget, ExpressionTarget>): Promise<RemoteObject> {
    if (target.tape !== undefined) return this.runtime.tapeTensor(target.tape, target.tensorId, target.kind);
    if (target.model !== undefined) return this.runtime.modelWeight(target.model, target.weight, target.step);
    return this.runtime.lineTensors(target.madeAt);
  }
}
