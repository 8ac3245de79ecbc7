/**
 * The Variables tree: scopes and objects expanded through CDP, with every tensor among them
 * recognised and summarised by the runtime in one call per expansion (never element by
 * element over CDP), and tensors expanded into `shape`, `dtype` and one child per index of
 * their first axis. References are valid until the program runs on.
 */
import { Handles } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Protocol } from 'devtools-protocol';
import type { TensorSummary } from '../../protocol/runtimeApi';
import { mapEntryName, memberName } from '../../runtime/adapterCode';
import type { CdpConnection } from '../cdp/connection';
import { isEsbuildHelper } from './esbuildHelpers';
import { describeRemoteObject, isExpandable } from './objectPreview';
import { pausedObjectGroup } from './objectGroups';
import type { RuntimeCalls } from './runtimeCalls';
import { TensorParts } from './tensorParts';

type RemoteObject = Protocol.Runtime.RemoteObject;

/** Where a value is held, so that an edit can put a new value there. */
export type Binding = { kind: 'scope'; callFrameId: string; scopeNumber: number; name: string } | { kind: 'property'; objectId: string; name: string };

/** A scope of a paused frame, by CDP's numbering. */
export interface ScopeLocation {
  callFrameId: string;
  scopeNumber: number;
}

/** Something the Variables view can expand. */
export type Container =
  | {
      kind: 'object';
      objectId: string;
      evaluateName?: string;
      scope?: ScopeLocation;
      subtype?: string;
      /** Leaves esbuild's helpers out (a scope of a source-mapped script). */
      hidesEsbuildHelpers?: boolean;
    }
  | {
      kind: 'tensor';
      objectId: string;
      /** Indices into the leading axes of the whole tensor; [] for the tensor itself. */
      path: number[];
      shape: number[];
      dtype: string;
      type: string;
      /** The expression of the whole tensor. */
      rootEvaluateName?: string;
      /** Where the whole tensor is held. */
      binding?: Binding;
    };

/** Where property `name` of a container is held. */
export function bindingIn(container: Extract<Container, { kind: 'object' }>, name: string): Binding {
  return container.scope ? { kind: 'scope', ...container.scope, name } : { kind: 'property', objectId: container.objectId, name };
}

/** Whether a remote object could be a tensor (class instances and plain objects). */
function mayBeTensor(object: RemoteObject): boolean {
  return object.type === 'object' && object.subtype === undefined && object.objectId !== undefined;
}

export class VariableStore {
  private handles = new Handles<Container>();
  /** The names of the tensor parts handed out, with the whole tensor and index each stands for. */
  readonly parts = new TensorParts();

  constructor(
    private readonly connection: CdpConnection,
    private readonly runtime: RuntimeCalls,
  ) {}

  /** Forgets every reference (the program ran on). */
  reset(): void {
    this.handles.reset();
  }

  /** A reference for a scope's variables. */
  scopeReference(objectId: string, scope: ScopeLocation, hidesEsbuildHelpers = false): number {
    return this.handles.create({ kind: 'object', objectId, scope, hidesEsbuildHelpers });
  }

  /** What a reference stands for, if it is still valid. */
  container(reference: number): Container | undefined {
    return this.handles.get(reference);
  }

  /** The variables under a reference. */
  async variables(args: DebugProtocol.VariablesArguments): Promise<DebugProtocol.Variable[]> {
    const container = this.handles.get(args.variablesReference);
    if (!container) return [];
    if (container.kind === 'tensor') return this.tensorChildren(container, args);
    if (container.subtype === 'map') return this.mapEntries(container);
    const { result } = await this.connection.send('Runtime.getProperties', {
      objectId: container.objectId,
      ownProperties: true,
      generatePreview: true,
    });
    const shown = result.filter(
      (property) => (property.value !== undefined || property.get !== undefined) && !(container.hidesEsbuildHelpers && isEsbuildHelper(property.name)),
    );
    const values = shown.map((property) => property.value);
    const summaries = await this.summarize(values);
    return shown.map((property, i) => {
      const evaluateName = memberName(container.evaluateName, property.name);
      if (!property.value) return { name: property.name, value: '(...)', variablesReference: 0, evaluateName };
      return this.toVariable(property.name, property.value, summaries[i], evaluateName, bindingIn(container, property.name));
    });
  }

  /** Summaries of those values that are tensors, in one call to the runtime. */
  async summarize(values: (RemoteObject | undefined)[]): Promise<(TensorSummary | null)[]> {
    const candidates = values.map((value) => (value && mayBeTensor(value) ? value.objectId : undefined));
    const ids = candidates.filter((id): id is string => id !== undefined);
    const described = await this.runtime.describe(ids);
    let next = 0;
    return candidates.map((id) => (id === undefined ? null : described[next++]));
  }

  /** A DAP variable for a remote value (a tensor when `summary` says so). */
  toVariable(name: string, value: RemoteObject, summary: TensorSummary | null, evaluateName?: string, binding?: Binding): DebugProtocol.Variable {
    if (summary && value.objectId) {
      return { name, evaluateName, ...this.tensorReference(value.objectId, summary, evaluateName, binding) };
    }
    return {
      name,
      value: describeRemoteObject(value),
      type: value.className ?? value.type,
      evaluateName,
      variablesReference: isExpandable(value)
        ? this.handles.create({ kind: 'object', objectId: value.objectId as string, evaluateName, subtype: value.subtype })
        : 0,
    };
  }

  /** The value, type and child counts of a tensor entry. */
  tensorReference(
    objectId: string,
    summary: TensorSummary,
    evaluateName?: string,
    binding?: Binding,
  ): { value: string; type: string; variablesReference: number; namedVariables: number; indexedVariables?: number } {
    const reference = this.handles.create({
      kind: 'tensor',
      objectId,
      path: [],
      shape: summary.shape,
      dtype: summary.dtype,
      type: summary.type,
      rootEvaluateName: evaluateName,
      binding,
    });
    return {
      value: summary.value,
      type: summary.type,
      variablesReference: reference,
      namedVariables: 2,
      indexedVariables: summary.disposed || summary.shape.length === 0 ? undefined : summary.shape[0],
    };
  }

  /** A Map's entries as children named by their keys (its values may be tensors). */
  private async mapEntries(map: Extract<Container, { kind: 'object' }>): Promise<DebugProtocol.Variable[]> {
    const keys = await this.connection.send('Runtime.callFunctionOn', {
      objectId: map.objectId,
      functionDeclaration: function (this: Map<unknown, unknown>) {
        return Array.from(this.keys(), (key) => ({ name: String(key), isString: typeof key === 'string' }));
      }.toString(),
      returnByValue: true,
    });
    const values = await this.connection.send('Runtime.callFunctionOn', {
      objectId: map.objectId,
      functionDeclaration: function (this: Map<unknown, unknown>) {
        return Array.from(this.values());
      }.toString(),
      objectGroup: pausedObjectGroup,
    });
    if (!values.result.objectId) return [];
    const { result } = await this.connection.send('Runtime.getProperties', {
      objectId: values.result.objectId,
      ownProperties: true,
      generatePreview: true,
    });
    const names = keys.result.value as { name: string; isString: boolean }[];
    const items = result.filter((property) => /^\d+$/.test(property.name) && property.value);
    const summaries = await this.summarize(items.map((item) => item.value));
    return items.map((item, i) => {
      const key = names[Number(item.name)];
      const evaluateName = map.evaluateName && key.isString ? mapEntryName(map.evaluateName, key.name) : undefined;
      return this.toVariable(key.name, item.value as RemoteObject, summaries[i], evaluateName);
    });
  }

  private async tensorChildren(tensor: Extract<Container, { kind: 'tensor' }>, args: DebugProtocol.VariablesArguments): Promise<DebugProtocol.Variable[]> {
    const variables: DebugProtocol.Variable[] = [];
    if (args.filter !== 'indexed') {
      variables.push(
        { name: 'shape', value: `[${tensor.shape.join(', ')}]`, type: 'number[]', variablesReference: 0 },
        { name: 'dtype', value: `'${tensor.dtype}'`, type: 'string', variablesReference: 0 },
      );
    }
    if (args.filter === 'named' || tensor.shape.length === 0) return variables;
    const start = args.start ?? 0;
    const count = args.count ?? tensor.shape[0];
    const children = await this.runtime.children(tensor.objectId, tensor.path, start, count);
    for (const [offset, child] of children.entries()) {
      const index = start + offset;
      const path = [...tensor.path, index];
      if (child.shape) {
        const reference = this.handles.create({ ...tensor, path, shape: child.shape });
        variables.push({
          name: child.name,
          value: child.value,
          type: tensor.type === 'tf.Variable' ? 'tf.Tensor' : tensor.type,
          evaluateName: tensor.rootEvaluateName && this.parts.subTensor(tensor.rootEvaluateName, path),
          variablesReference: reference,
          namedVariables: 2,
          indexedVariables: child.shape[0],
        });
      } else {
        variables.push({
          name: child.name,
          value: child.value,
          type: 'number',
          evaluateName: tensor.rootEvaluateName && this.parts.element(tensor.rootEvaluateName, path),
          variablesReference: 0,
        });
      }
    }
    return variables;
  }
}
