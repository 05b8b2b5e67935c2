/**
 * Text for a value of unknown shape inside an error message. Never throws, and costs O(1) whatever
 * the size of the value: text is cut at 120 characters, and objects are written as JSON of their own
 * enumerable keys only until that much is written (`toJSON` is not called; cycles show as
 * `"[Circular]"`; a throwing getter or proxy falls back to the tag). Dates show as `Date(ISO)` (or
 * `Date(invalid)`), bigints with their `n`.
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
    const out: Out = { text: '', seen: new Set() };
    write(value, out, 0);
    return cut(out.text);
  } catch {
    // a throwing getter or proxy trap: fall through to the tag
  }
  try {
    return Object.prototype.toString.call(value);
  } catch {
    return '[object]';
  }
}

/** What the bounded writer has produced so far, and the objects on the current path (for cycles). */
interface Out {
  text: string;
  readonly seen: Set<object>;
}

/** Past this many characters the writer stops: messages show at most {@link MAX_SHOWN} of them anyway. */
const BUDGET = 160;
/** Nesting the writer descends before it writes `…`. */
const MAX_SHOW_DEPTH = 8;

/**
 * Writes a JSON-like view of a value, stopping as soon as the text is longer than the budget, so that
 * a message about a huge or deeply nested input costs O(budget), not O(input). Own enumerable keys
 * only; `toJSON` is not called (it may throw or be slow); cycles print `[Circular]`.
 */
function write(v: unknown, out: Out, depth: number): void {
  if (out.text.length > BUDGET) return;
  switch (typeof v) {
    case 'string':
      out.text += JSON.stringify(v.length > BUDGET ? v.slice(0, BUDGET) : v);
      return;
    case 'number':
      out.text += Number.isFinite(v) ? String(v) : 'null';
      return;
    case 'boolean':
      out.text += String(v);
      return;
    case 'bigint':
      out.text += `${v}n`;
      return;
    case 'undefined':
    case 'function':
    case 'symbol':
      out.text += 'null';
      return;
  }
  if (v === null) {
    out.text += 'null';
    return;
  }
  if (v instanceof Date) {
    out.text += Number.isNaN(v.getTime()) ? 'null' : JSON.stringify(v.toISOString());
    return;
  }
  const obj = v as object;
  if (out.seen.has(obj)) {
    out.text += '"[Circular]"';
    return;
  }
  if (depth >= MAX_SHOW_DEPTH) {
    out.text += Array.isArray(obj) ? '[…]' : '{…}';
    return;
  }
  out.seen.add(obj);
  if (Array.isArray(obj)) {
    out.text += '[';
    for (let i = 0; i < obj.length && out.text.length <= BUDGET; i++) {
      if (i > 0) out.text += ',';
      write(obj[i], out, depth + 1);
    }
    out.text += ']';
  } else {
    out.text += '{';
    let first = true;
    for (const k in obj) {
      if (out.text.length > BUDGET) break;
      if (!Object.prototype.hasOwnProperty.call(obj, k)) continue;
      const item = (obj as Record<string, unknown>)[k];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      out.text += `${first ? '' : ','}${JSON.stringify(k.length > BUDGET ? k.slice(0, BUDGET) : k)}:`;
      first = false;
      write(item, out, depth + 1);
    }
    out.text += '}';
  }
  out.seen.delete(obj);
}

/** The longest text a message shows for one value. */
const MAX_SHOWN = 120;

function cut(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 3)}...` : text;
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
  return typeof value === 'string'
    ? cut(JSON.stringify(value.length > BUDGET ? value.slice(0, BUDGET) : value))
    : showValue(value);
}

/**
 * What was thrown, for a message: `Name: message` of an Error (bounded), otherwise the value as
 * {@link quoteValue} shows it. Never throws, even for an error whose `name` or `message` is a getter
 * that throws.
 *
 * @example
 * ```ts
 * thrownText(new TypeError('bad')); //=> 'TypeError: bad'
 * thrownText('oops'); //=> '"oops"'
 * ```
 */
export function thrownText(e: unknown): string {
  try {
    return e instanceof Error ? cut(`${String(e.name)}: ${String(e.message)}`) : quoteValue(e);
  } catch {
    return 'an unreadable error';
  }
}
