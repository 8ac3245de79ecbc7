/**
 * The number format of tensor presentations (docs/protocol.md, Tensors in Variables: 4
 * significant digits, trailing zeros dropped), one definition for the runtime that writes
 * summaries and the panels that show statistics, so both always agree.
 */

/** A number with 4 significant digits, trailing zeros dropped: `0.01213`, `4.5`, `1.235e+5`. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Inf';
  if (value === -Infinity) return '-Inf';
  if (value === 0) return '0';
  const [mantissa, exponent] = value.toPrecision(4).split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return exponent === undefined ? trimmed : `${trimmed}e${exponent}`;
}
