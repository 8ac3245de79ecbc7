/**
 * Checks raw launch or attach arguments against a table of argument specs
 * (protocol/launchArguments.ts): each argument's JSON kind, required ones present, defaults
 * filled in. A problem is one message naming the argument, its value and what was expected.
 */
import type { ArgumentSpec } from '../../protocol/launchArguments';

/** A launch argument that cannot be used; its message is shown to the user as it is. */
export class LaunchArgumentError extends Error {}

/** An argument's value as a message shows it: a string as it is, anything else as JSON. */
export function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function checkKind(name: string, spec: ArgumentSpec, value: unknown): void {
  const fail = (expected: string): never => {
    throw new LaunchArgumentError(`${name}: expected ${expected}, got ${show(value)}`);
  };
  switch (spec.kind) {
    case 'string':
      if (typeof value !== 'string') fail('a string');
      break;
    case 'boolean':
      if (typeof value !== 'boolean') fail('true or false');
      break;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail('a number');
      break;
    case 'string[]':
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) fail('an array of strings');
      break;
    case 'object':
      if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.values(value).some((item) => typeof item !== 'string')) {
        fail('an object of string values');
      }
      break;
    case 'enum':
      if (typeof value !== 'string' || !spec.values?.includes(value)) fail(`one of ${spec.values?.join(', ')}`);
      break;
  }
}

/** Checks raw arguments against a table of specs and fills in defaults. */
export function checkArguments(raw: Record<string, unknown>, specs: Record<string, ArgumentSpec>): Record<string, unknown> {
  const resolved: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const value = raw[name];
    if (value === undefined || value === null) {
      if (spec.required) {
        throw new LaunchArgumentError(`${name}: missing; set "${name}" to ${spec.description.charAt(0).toLowerCase()}${spec.description.slice(1)}`);
      }
      resolved[name] = spec.default;
      continue;
    }
    checkKind(name, spec, value);
    resolved[name] = value;
  }
  return resolved;
}
