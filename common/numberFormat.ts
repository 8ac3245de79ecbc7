/**
 * The number format of tensor presentations (docs/protocol.md, Tensors in Variables: 4
 * significant digits, trailing zeros dropped), one definition for the runtime that writes
 * summaries and the panels that show statistics, so both always agree.
 */

/**
 * A number with 4 significant digits, trailing zeros dropped: `0.01213`, `4.5`, `1.235e+5`.
 * Written with index and slice alone: V8's side-effect check, under which js-debug has the
 * runtime describe tensors, refuses `split` and regular expressions.
 */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Inf';
  if (value === -Infinity) return '-Inf';
  if (value === 0) return '0';
  const text = value.toPrecision(4);
  const e = text.indexOf('e');
  const mantissa = e < 0 ? text : text.slice(0, e);
  if (!mantissa.includes('.')) return text;
  let end = mantissa.length;
  while (mantissa[end - 1] === '0') end--;
  if (mantissa[end - 1] === '.') end--;
  return mantissa.slice(0, end) + (e < 0 ? '' : text.slice(e));
}
