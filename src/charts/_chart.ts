/**
 * Private: what every chart shares — the option checks (common keys, sizes, colours, locale), readers
 * of the caller's results that report issues with paths instead of throwing, the guard that turns a
 * throwing getter into a `validation_failed` Result, and the assembly of the frozen Vega-Lite spec.
 *
 * @module
 */
import type { PathSegment } from '../core/errors.js';
import { CrmError } from '../core/errors.js';
import { checkOptionKeys, crmIssue, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { CHART_LOCALES } from './locales.js';
import type { ChartLocale, JsonValue, VegaLiteSpec } from './types.js';

/** The Vega-Lite schema of every chart (major version 5: what Jupyter's built-in renderer reads). */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** The most data points one chart embeds (a spec is data: a bigger one is no longer a picture). */
export const MAX_CHART_POINTS = 200_000;

/** The option keys every chart takes. */
export const COMMON_KEYS = ['title', 'width', 'height', 'colors', 'locale'] as const;

/** The common options, checked. */
export interface Settings {
  readonly title: string | undefined;
  readonly width: number;
  readonly height: number;
  readonly colors: readonly string[] | undefined;
  readonly locale: ChartLocale;
}

/** A JSON object under construction. */
export type Json = { [key: string]: JsonValue };

const COLOR =
  /^(#[0-9a-fA-F]{3,4}|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{8}|[a-zA-Z]{3,30}|(rgb|rgba|hsl|hsla)\([0-9.,%\s-]{1,60}\))$/;

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads the options: the common keys checked into {@link Settings}, the record for the chart's own keys. */
export function readSettings(
  options: unknown,
  own: readonly string[],
  issues: IssueList,
): { settings: Settings; own: Record<string, unknown> } | undefined {
  const keyIssues = checkOptionKeys(options, [...COMMON_KEYS, ...own], ['options']);
  if (keyIssues.length > 0) {
    issues.push(...keyIssues);
    return undefined;
  }
  const o: Record<string, unknown> = isRecord(options) ? options : {};
  const before = issues.count;
  const title = o['title'];
  if (title !== undefined && (typeof title !== 'string' || title.length > 200))
    issues.push(crmIssue.invalidType(['options', 'title'], 'a title of at most 200 characters', title));
  const width = size(o['width'], 'width', 480, issues);
  const height = size(o['height'], 'height', 300, issues);
  const colors = readColors(o['colors'], issues);
  const locale = readLocale(o['locale'], issues);
  if (issues.count > before || locale === undefined) return undefined;
  return {
    settings: { title: title as string | undefined, width, height, colors, locale },
    own: o,
  };
}

function size(v: unknown, key: string, fallback: number, issues: IssueList): number {
  if (v === undefined) return fallback;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 50 && v <= 4000) return v;
  issues.push(crmIssue.invalidValue(['options', key], `${key} must be an integer 50..4000 (pixels)`, v));
  return fallback;
}

function readColors(v: unknown, issues: IssueList): readonly string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0 || v.length > 32) {
    issues.push(crmIssue.invalidType(['options', 'colors'], 'an array of 1 to 32 CSS colours', v));
    return undefined;
  }
  const out: string[] = [];
  for (let i = 0; i < v.length; i++) {
    const c: unknown = v[i];
    if (typeof c === 'string' && COLOR.test(c)) out.push(c);
    else
      issues.push(
        crmIssue.invalidValue(['options', 'colors', i], 'expected a CSS colour (#rrggbb, a name, rgb(…))', c),
      );
  }
  return out;
}

function readLocale(v: unknown, issues: IssueList): ChartLocale | undefined {
  if (v === undefined) return CHART_LOCALES['en-US'];
  if (typeof v === 'string') {
    if (Object.prototype.hasOwnProperty.call(CHART_LOCALES, v)) return CHART_LOCALES[v as keyof typeof CHART_LOCALES];
    issues.push(crmIssue.invalidValue(['options', 'locale'], 'unknown chart locale', v, Object.keys(CHART_LOCALES)));
    return undefined;
  }
  return copyLocale(v, issues);
}

/** A checked copy of a caller's locale definition (so freezing the spec never freezes theirs). */
function copyLocale(v: unknown, issues: IssueList): ChartLocale | undefined {
  const at = ['options', 'locale'];
  if (!isRecord(v) || !isRecord(v['number']) || !isRecord(v['time'])) {
    issues.push(crmIssue.invalidType(at, 'a locale name or a definition { number, time }', v));
    return undefined;
  }
  const n = v['number'];
  const t = v['time'];
  const before = issues.count;
  const text = (o: Record<string, unknown>, k: string, path: PathSegment[]): string => {
    const s = o[k];
    if (typeof s === 'string' && s.length <= 100) return s;
    issues.push(crmIssue.invalidType([...at, ...path, k], 'a string of at most 100 characters', s));
    return '';
  };
  const texts = (o: Record<string, unknown>, k: string, length: number, path: PathSegment[]): string[] => {
    const a = o[k];
    if (!Array.isArray(a) || a.length !== length) {
      issues.push(crmIssue.invalidType([...at, ...path, k], `an array of ${length} strings`, a));
      return [];
    }
    return a.map((_, i) => text(a as unknown as Record<string, unknown>, String(i), [...path, k]));
  };
  const grouping = n['grouping'];
  const groups: number[] = [];
  if (!Array.isArray(grouping) || grouping.length === 0 || grouping.length > 10)
    issues.push(crmIssue.invalidType([...at, 'number', 'grouping'], 'an array of 1 to 10 group sizes', grouping));
  else
    for (let i = 0; i < grouping.length; i++) {
      const g: unknown = grouping[i];
      if (typeof g === 'number' && Number.isInteger(g) && g >= 1 && g <= 10) groups.push(g);
      else issues.push(crmIssue.invalidValue([...at, 'number', 'grouping', i], 'a group size 1..10', g));
    }
  const currency = texts(n, 'currency', 2, ['number']);
  const number: Json = {
    decimal: text(n, 'decimal', ['number']),
    thousands: text(n, 'thousands', ['number']),
    grouping: groups,
    currency,
  };
  if (n['percent'] !== undefined) number['percent'] = text(n, 'percent', ['number']);
  const time: Json = {
    dateTime: text(t, 'dateTime', ['time']),
    date: text(t, 'date', ['time']),
    time: text(t, 'time', ['time']),
    periods: texts(t, 'periods', 2, ['time']),
    days: texts(t, 'days', 7, ['time']),
    shortDays: texts(t, 'shortDays', 7, ['time']),
    months: texts(t, 'months', 12, ['time']),
    shortMonths: texts(t, 'shortMonths', 12, ['time']),
  };
  if (issues.count > before) return undefined;
  return { number, time } as unknown as ChartLocale;
}

/** Reads an array (or typed array) of at most {@link MAX_CHART_POINTS} items; an issue otherwise. */
export function readList(
  v: unknown,
  path: readonly PathSegment[],
  what: string,
  issues: IssueList,
  max = MAX_CHART_POINTS,
): readonly unknown[] | undefined {
  const isTyped = ArrayBuffer.isView(v) && !(v instanceof DataView);
  if (!Array.isArray(v) && !isTyped) {
    issues.push(crmIssue.invalidType(path, what, v));
    return undefined;
  }
  const a = v as ArrayLike<unknown>;
  if (a.length > max) {
    issues.push(crmIssue.tooBig(path, 'the number of items', max, true, a.length));
    return undefined;
  }
  return Array.isArray(a) ? a : Array.from(a);
}

/** Options of {@link readNumber}. */
interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  readonly nullable?: boolean;
}

/** Reads a finite number within the rule (or `null` when allowed); `undefined` after pushing an issue. */
export function readNumber(
  v: unknown,
  path: readonly PathSegment[],
  issues: IssueList,
  rule: NumberRule = {},
): number | null | undefined {
  if (v === null && rule.nullable) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    issues.push(crmIssue.invalidNumber(path, v));
    return undefined;
  }
  if (rule.integer && !Number.isInteger(v)) {
    issues.push(crmIssue.invalidValue(path, 'expected an integer', v));
    return undefined;
  }
  if (rule.min !== undefined && v < rule.min) {
    issues.push(crmIssue.tooSmall(path, 'the value', rule.min, true, v));
    return undefined;
  }
  if (rule.max !== undefined && v > rule.max) {
    issues.push(crmIssue.tooBig(path, 'the value', rule.max, true, v));
    return undefined;
  }
  return v;
}

/** Reads a non-empty label of at most 200 characters. */
export function readLabel(v: unknown, path: readonly PathSegment[], issues: IssueList): string | undefined {
  if (typeof v === 'string' && v.length > 0 && v.length <= 200) return v;
  issues.push(crmIssue.invalidType(path, 'a non-empty name of at most 200 characters', v));
  return undefined;
}

/** Reads a valid Date (or ISO instant text); its ISO text. */
export function readInstant(v: unknown, path: readonly PathSegment[], issues: IssueList): string | undefined {
  const t = v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (Number.isFinite(t) && Math.abs(t) <= 8.64e15) return new Date(t).toISOString();
  issues.push(crmIssue.invalidDate(path, v));
  return undefined;
}

/**
 * Runs a chart: its Result, or — when reading the caller's input threw (a getter, a proxy) —
 * `validation_failed` at the root, never a throw.
 */
export function guarded(what: string, body: (issues: IssueList) => Result<VegaLiteSpec>): Result<VegaLiteSpec> {
  const issues = new IssueList();
  try {
    return body(issues);
  } catch (e) {
    if (e instanceof CrmError) return err(e);
    issues.push(crmIssue.invalidType([], 'readable input (reading it threw)', undefined));
    return err(issues.error(what));
  }
}

/** The error Result of the issues found. */
export function invalid(what: string, issues: IssueList): Result<never> {
  return err(issues.error(what));
}

/** The frozen spec: `$schema`, title, size, the chart's body, and `config.locale`. */
export function chartSpec(s: Settings, defaultTitle: JsonValue, body: Json, config: Json = {}): Result<VegaLiteSpec> {
  const title = s.title ?? defaultTitle;
  const spec: Json = { $schema: VEGA_LITE_SCHEMA };
  if (title !== '') spec['title'] = title;
  spec['width'] = s.width;
  spec['height'] = s.height;
  Object.assign(spec, body);
  spec['config'] = { locale: s.locale as unknown as JsonValue, ...config };
  return ok(freezeSpec(spec) as VegaLiteSpec);
}

/**
 * Freezes a spec except its inline data (`data: { values }`): Vega tags every row it ingests with an id
 * (a new property), so the rows — fresh objects of this call, shared with nobody — stay open.
 */
function freezeSpec(value: JsonValue): JsonValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) for (const v of value) freezeSpec(v);
  else
    for (const [k, v] of Object.entries(value)) {
      if (k === 'data' && isRecord(v) && Array.isArray(v['values'])) Object.freeze(v);
      else freezeSpec(v);
    }
  return Object.freeze(value);
}

/** A colour scale over `domain`: the caller's colours in order, or Vega's default scheme. */
export function colorScale(s: Settings, domain: readonly string[]): Json {
  return s.colors === undefined ? { domain: [...domain] } : { domain: [...domain], range: [...s.colors] };
}

/** A sequential colour scale: the caller's ramp (two or more colours), or `scheme`. */
export function rampScale(s: Settings, scheme: string, extra: Json = {}): Json {
  return s.colors !== undefined && s.colors.length >= 2 ? { ...extra, range: [...s.colors] } : { ...extra, scheme };
}

/** The single colour of a one-series mark: the caller's first colour, or Vega's first default. */
export function firstColor(s: Settings): string {
  return s.colors?.[0] ?? '#4c78a8';
}

/** `x` with `digits` decimals and the locale's decimal mark (for text that Vega does not format). */
export function fixed(x: number, digits: number, locale: ChartLocale): string {
  return x.toFixed(digits).replace('.', locale.number.decimal);
}

/** A checked option that must be one of `allowed` (default `fallback`). */
export function readChoice<T extends string>(
  v: unknown,
  key: string,
  allowed: readonly T[],
  fallback: T,
  issues: IssueList,
): T {
  if (v === undefined) return fallback;
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  issues.push(crmIssue.invalidValue(['options', key], `${key} must be one of the allowed values`, v, allowed));
  return fallback;
}

/** A checked boolean option (default `fallback`). */
export function readFlag(v: unknown, key: string, fallback: boolean, issues: IssueList): boolean {
  if (v === undefined) return fallback;
  if (typeof v === 'boolean') return v;
  issues.push(crmIssue.invalidType(['options', key], 'true or false', v));
  return fallback;
}

/** A checked text option such as an axis title (default `fallback`). */
export function readText(v: unknown, key: string, fallback: string, issues: IssueList): string {
  if (v === undefined) return fallback;
  if (typeof v === 'string' && v.length <= 200) return v;
  issues.push(crmIssue.invalidType(['options', key], 'a string of at most 200 characters', v));
  return fallback;
}
