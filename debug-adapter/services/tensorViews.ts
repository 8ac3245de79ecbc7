/**
 * `tfjs/tensor`: has the runtime answer with a tensor's statistics and a 2-D view (sliced and
 * block-reduced inside the program, sent as float32 bytes). The tensor is named by data: an
 * expression, evaluated in the paused frame (its temporaries, the viewed tensor included when
 * the expression made it, are disposed once the view is read), or a tensor a gradient tape
 * kept, which the runtime's `tapeTensor` gives as a snapshot that is no tensor of the engine,
 * or a model's weight (the live variable, or a pinned weight's snapshot at an earlier step).
 */
import type { ModelWeightTarget, TapeTensorTarget, TensorRequestArgs, TensorResponseBody } from '../../protocol/customRequests';
import { asArgument, EvaluationError, type Evaluator } from './evaluator';
import { exceptionMessage } from './exceptionMessage';
import type { RuntimeCalls } from './runtimeCalls';

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
    if (args.tape !== undefined) return this.viewTapeTensor(args);
    if (args.model !== undefined) return this.viewModelWeight(args);
    if (args.madeAt !== undefined) {
      const tensors = await this.runtime.lineTensors(args.madeAt);
      return this.runtime.view(asArgument(tensors), args.slice, args.maxSize ?? defaultMaxSize, args.full ?? false);
    }
    // The program answers requests in the order they were sent, so the evaluation is sent
    // with its opening, and its closing is not waited for: any later request (a resume
    // included) runs after it. A heatmap's refresh is three round trips, not four.
    const opened = this.runtime.beginEvaluation();
    const evaluated = this.evaluator.run(args.expression, callFrameId, false);
    try {
      await opened;
      const { result, exceptionDetails } = await evaluated;
      if (exceptionDetails) throw new EvaluationError(exceptionMessage(exceptionDetails));
      return await this.runtime.view(asArgument(result), args.slice, args.maxSize ?? defaultMaxSize, args.full ?? false);
    } finally {
      evaluated.catch(() => undefined);
      this.runtime.endEvaluation({ value: undefined }).catch(() => undefined);
    }
  }

  /** A model's weight, live or at an earlier step: named by data, so no evaluation either. */
  private async viewModelWeight(args: ModelWeightTarget & TensorRequestArgs): Promise<{ body: TensorResponseBody; bytes: Buffer }> {
    const weight = await this.runtime.modelWeight(args.model, args.weight, args.step);
    return this.runtime.view(asArgument(weight), args.slice, args.maxSize ?? defaultMaxSize, args.full ?? false);
  }

  /** A tape's tensor: no evaluation to open, since the snapshot makes no tensor and runs no op. */
  private async viewTapeTensor(args: TapeTensorTarget & TensorRequestArgs): Promise<{ body: TensorResponseBody; bytes: Buffer }> {
    const snapshot = await this.runtime.tapeTensor(args.tape, args.tensorId, args.kind);
    return this.runtime.view(asArgument(snapshot), args.slice, args.maxSize ?? defaultMaxSize, args.full ?? false);
  }
}
