/**
 * How js-debug describes the values of a scope or an object it lists with our
 * `customDescriptionGenerator` (runtime/adapterCode.ts), for the tests that run it in Node and
 * in a page: one `Runtime.callFunctionOn` on the object with V8's side-effect check on
 * (`throwOnSideEffect: true`), which calls the generator with `this` each property's value and
 * js-debug's placeholder as the default; a side effect anywhere ends the whole call.
 */
import { tensorDescriptionGenerator } from '../runtime/adapterCode';

/** The default js-debug passes the generator for a nested value: answered back, it means "show your own text". */
export const defaultPreview = '<<default preview>>';

/** The function js-debug has V8 run on the object: each own property's description, by name. */
export const propertyDescriptions = `function () {
  const generator = ${tensorDescriptionGenerator};
  const out = {};
  for (const key of Object.keys(this)) out[key] = generator.call(this[key], ${JSON.stringify(defaultPreview)});
  return out;
}`;

/** What `Runtime.callFunctionOn` answers, as far as the tests read it. */
export interface CheckedCall {
  result: { value?: unknown };
  exceptionDetails?: { exception?: { description?: string } };
}

/** The parameters of that call on the object `objectId`. */
export function checkedCall(objectId: string, functionDeclaration = propertyDescriptions) {
  return { objectId, functionDeclaration, throwOnSideEffect: true, returnByValue: true };
}
