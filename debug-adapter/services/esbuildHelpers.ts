/**
 * The helper functions esbuild writes at the top of each module it transforms (tsx runs
 * TypeScript through esbuild): `var __defProp = Object.defineProperty`, `__toESM`, `__name`
 * and so on. They are the compiler's, not the user's, so the Variables view of a
 * source-mapped script leaves them out and breakpoints never bind in their calls. The list is
 * esbuild's runtime (internal/runtime/runtime.go) as of esbuild 0.28.
 */
const helperNames = new Set([
  '__accessCheck',
  '__async',
  '__asyncGenerator',
  '__await',
  '__callDispose',
  '__commonJS',
  '__commonJSMin',
  '__copyProps',
  '__create',
  '__decorateClass',
  '__decorateElement',
  '__decorateParam',
  '__decoratorContext',
  '__decoratorMetadata',
  '__decoratorStart',
  '__decoratorStrings',
  '__defNormalProp',
  '__defProp',
  '__defProps',
  '__earlyAccess',
  '__esm',
  '__esmMin',
  '__expectFn',
  '__export',
  '__forAwait',
  '__freeze',
  '__getOwnPropDesc',
  '__getOwnPropDescs',
  '__getOwnPropNames',
  '__getOwnPropSymbols',
  '__getProtoOf',
  '__glob',
  '__hasOwnProp',
  '__knownSymbol',
  '__name',
  '__objRest',
  '__pow',
  '__privateAdd',
  '__privateGet',
  '__privateIn',
  '__privateMethod',
  '__privateSet',
  '__privateWrapper',
  '__propIsEnum',
  '__publicField',
  '__reExport',
  '__reflectGet',
  '__reflectSet',
  '__require',
  '__restKey',
  '__runInitializers',
  '__spreadProps',
  '__spreadValues',
  '__superGet',
  '__superSet',
  '__superWrapper',
  '__template',
  '__toBinary',
  '__toBinaryNode',
  '__toCommonJS',
  '__toESM',
  '__typeError',
  '__using',
  '__yieldStar',
]);

/** Whether a binding name is one of esbuild's helpers. */
export function isEsbuildHelper(name: string): boolean {
  return helperNames.has(name);
}

/** Whether the code at `at` is a call of one of esbuild's helpers, as `__name(scale,"scale")`. */
export function isEsbuildHelperCall(code: string, at: number): boolean {
  const called = /^(__[A-Za-z]+)\(/.exec(code.slice(at, at + 32));
  return called !== null && helperNames.has(called[1]);
}
