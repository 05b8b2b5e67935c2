/**
 * Text for a value of unknown shape inside an error message. Never throws: objects whose
 * `toString`, `toJSON` or getters misbehave (or cycles) fall back to their tag, and long text is cut.
 * Dates show as `Date(ISO)` (or `Date(invalid)`), bigints with their `n`, other objects as JSON.
 *
 * @example
 * ```ts
 * showValue({ toString: null }); //=> '{"toString":null}'
 * showValue('pending');          //=> 'pending'
 * ```
 */
export function showValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return cut(value);
    case 'number':
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return value.description === undefined ? 'Symbol()' : `Symbol(${cut(value.description)})`;
    case 'function':
      return '[function]';
  }
  if (value === null) return 'null';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Date(invalid)' : `Date(${value.toISOString()})`;
  try {
    const json = JSON.stringify(value);
    if (typeof json === 'string') return cut(json);
  } catch {
    // fall through to the tag
  }
  try {
    return Object.prototype.toString.call(value);
  } catch {
    return '[object]';
  }
}

function cut(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * Like {@link showValue}, but strings come back in double quotes, so `'5'` and `5` read differently.
 *
 * @example
 * ```ts
 * quoteValue('open'); //=> '"open"'
 * quoteValue(Number.NaN); //=> 'NaN'
 * ```
 */
export function quoteValue(value: unknown): string {
  return typeof value === 'string' ? cut(JSON.stringify(value)) : showValue(value);
}
