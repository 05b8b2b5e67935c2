/**
 * Business calendars: working hours by weekday in an IANA time zone, with holidays (single dates or
 * ranges) in that zone. The arithmetic on them is in `businessTime.ts`.
 *
 * @module
 */
import * as z from 'zod';
import { CrmError, type CrmIssue, type PathSegment } from '../core/errors.js';
import { crmIssue, IssueList } from '../core/issues.js';
import { isCrmIssueCode } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { quoteValue } from '../_lib/show.js';
import { attachTable, tableOf } from './_calendarTable.js';

/**
 * The weekday keys of a calendar's `week`, Monday first.
 *
 * @example
 * ```ts
 * BUSINESS_WEEKDAYS[0]; //=> 'mon'
 * ```
 */
export const BUSINESS_WEEKDAYS = /* @__PURE__ */ Object.freeze([
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
] as const);

/**
 * A weekday key: `'mon'` … `'sun'`.
 *
 * @example
 * ```ts
 * const d: BusinessWeekday = 'fri';
 * ```
 */
export type BusinessWeekday = (typeof BUSINESS_WEEKDAYS)[number];

const TIME = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** An issue with a crmkit code, carried through zod as a custom issue. */
function add(ctx: z.RefinementCtx, code: CrmIssue['code'], message: string, path?: PathSegment[]): void {
  ctx.addIssue({ code: 'custom', message, params: { code }, ...(path === undefined ? {} : { path }) });
}

/** Minutes since midnight of a valid 'HH:mm' (24:00 → 1440); undefined otherwise. */
function minutesOf(v: unknown): number | undefined {
  if (typeof v !== 'string' || !TIME.test(v)) return undefined;
  return Number(v.slice(0, 2)) * 60 + Number(v.slice(3, 5));
}

/** Days since 1970-01-01 of a real date 'YYYY-MM-DD'; undefined otherwise (2026-02-30 is not a date). */
function dayOf(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = DATE.exec(v);
  if (m === null) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return undefined;
  return Math.round(t.getTime() / DAY_MS);
}

/** True when `zone` is an IANA time zone the platform knows (UTC offsets such as '+05:00' are not zones). */
function isZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64 || !/^[A-Za-z]/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const wallTimeSchema = /* @__PURE__ */ z.string().superRefine((v, ctx) => {
  if (minutesOf(v) === undefined)
    add(ctx, 'invalid_format', `expected a wall time 'HH:mm' from 00:00 to 24:00; received ${quoteValue(v)}`);
});

const dateSchema = /* @__PURE__ */ z.string().superRefine((v, ctx) => {
  if (!DATE.test(v)) add(ctx, 'invalid_format', `expected a date 'YYYY-MM-DD'; received ${quoteValue(v)}`);
  else if (dayOf(v) === undefined) add(ctx, 'invalid_date', `${quoteValue(v)} is not a date of the calendar`);
});

const textSchema = /* @__PURE__ */ z.string().min(1).max(200).nullable().optional();

/**
 * The zod schema of one working interval of a day: `{ from: 'HH:mm', to: 'HH:mm' }`, wall-clock times in
 * the calendar's zone, `to` after `from` (`to` may be `'24:00'`, the end of the day).
 *
 * @example
 * ```ts
 * businessIntervalSchema.safeParse({ from: '08:00', to: '12:00' }).success; //=> true
 * businessIntervalSchema.safeParse({ from: '12:00', to: '08:00' }).success; //=> false
 * ```
 */
export const businessIntervalSchema = /* @__PURE__ */ z
  .strictObject({ from: wallTimeSchema, to: wallTimeSchema })
  .superRefine((iv, ctx) => {
    const a = minutesOf(iv.from);
    const b = minutesOf(iv.to);
    if (a !== undefined && b !== undefined && b <= a)
      add(ctx, 'invalid_period', `the interval must end after it starts; received ${iv.from}–${iv.to}`, ['to']);
  });

const daySchema = /* @__PURE__ */ z.array(businessIntervalSchema).superRefine((ivs, ctx) => {
  const spans: { a: number; b: number; i: number }[] = [];
  ivs.forEach((iv, i) => {
    const a = minutesOf(iv.from);
    const b = minutesOf(iv.to);
    if (a !== undefined && b !== undefined && b > a) spans.push({ a, b, i });
  });
  spans.sort((x, y) => x.a - y.a || x.i - y.i);
  let widest: { a: number; b: number; i: number } | undefined;
  for (const s of spans) {
    if (widest !== undefined && s.a < widest.b) {
      const [first, second] = widest.i < s.i ? [widest, s] : [s, widest];
      add(
        ctx,
        'out_of_order',
        `intervals [${first.i}] (${ivs[first.i]!.from}–${ivs[first.i]!.to}) and [${second.i}] (${ivs[second.i]!.from}–${ivs[second.i]!.to}) overlap`,
        [second.i],
      );
    }
    if (widest === undefined || s.b > widest.b) widest = s;
  }
});

const weekSchema = /* @__PURE__ */ z
  .strictObject({
    mon: daySchema.optional(),
    tue: daySchema.optional(),
    wed: daySchema.optional(),
    thu: daySchema.optional(),
    fri: daySchema.optional(),
    sat: daySchema.optional(),
    sun: daySchema.optional(),
  })
  .superRefine((w, ctx) => {
    if (BUSINESS_WEEKDAYS.every((d) => (w[d]?.length ?? 0) === 0))
      add(ctx, 'too_small', 'a business calendar needs working time: at least one interval in the week');
  });

/**
 * The zod schema of one holiday: a date `'YYYY-MM-DD'`, `{ date, name? }`, or a range
 * `{ from, to, name? }` (inclusive; `to` not before `from`). Dates are local dates of the calendar's zone.
 *
 * @example
 * ```ts
 * businessHolidaySchema.safeParse('2026-12-25').success; //=> true
 * businessHolidaySchema.safeParse({ from: '2026-12-24', to: '2026-12-31', name: 'Year end' }).success; //=> true
 * businessHolidaySchema.safeParse('2026-02-30').success; //=> false
 * ```
 */
export const businessHolidaySchema = /* @__PURE__ */ z.union(
  [
    dateSchema,
    /* @__PURE__ */ z.strictObject({ date: dateSchema, name: textSchema }),
    /* @__PURE__ */ z.strictObject({ from: dateSchema, to: dateSchema, name: textSchema }).superRefine((h, ctx) => {
      const a = dayOf(h.from);
      const b = dayOf(h.to);
      if (a !== undefined && b !== undefined && b < a)
        add(ctx, 'invalid_period', `the holiday range ends (${h.to}) before it starts (${h.from})`, ['to']);
    }),
  ],
  { error: "expected a holiday: a date 'YYYY-MM-DD', { date, name? } or { from, to, name? }" },
);

/**
 * The zod schema of what {@link defineBusinessCalendar} accepts — the single source of
 * {@link BusinessCalendarSpec}:
 * - `id`, `name`: optional labels (1–200 characters);
 * - `timeZone`: an IANA zone (`'Asia/Jakarta'`, `'America/New_York'`); UTC offsets are not zones;
 * - `week`: working intervals per weekday (`mon` … `sun`), wall-clock `'HH:mm'` in the zone; a missing or
 *   empty day is closed; intervals of a day may not overlap (touching ones act as one); at least one interval;
 * - `holidays`: dates or inclusive ranges of dates in the zone, on which nothing is open.
 *
 * @example
 * ```ts
 * businessCalendarSpecSchema.safeParse({ timeZone: 'Asia/Jakarta', week: { mon: [{ from: '08:00', to: '17:00' }] } }).success; //=> true
 * ```
 */
export const businessCalendarSpecSchema = /* @__PURE__ */ z.strictObject({
  id: textSchema,
  name: textSchema,
  timeZone: /* @__PURE__ */ z.string().superRefine((v, ctx) => {
    if (!isZone(v))
      add(ctx, 'invalid_value', `unknown time zone ${quoteValue(v)}; expected an IANA zone such as 'Asia/Jakarta'`);
  }),
  week: weekSchema,
  holidays: /* @__PURE__ */ z.array(businessHolidaySchema).optional(),
});

/**
 * What {@link defineBusinessCalendar} accepts (from {@link businessCalendarSpecSchema}).
 *
 * @example
 * ```ts
 * const spec: BusinessCalendarSpec = {
 *   timeZone: 'Asia/Jakarta',
 *   week: { mon: [{ from: '08:00', to: '12:00' }, { from: '13:00', to: '17:00' }] },
 *   holidays: ['2026-12-25', { from: '2026-12-28', to: '2026-12-31', name: 'Year end' }],
 * };
 * ```
 */
export type BusinessCalendarSpec = z.input<typeof businessCalendarSpecSchema>;

/**
 * One working interval: wall-clock `'HH:mm'` times in the calendar's zone (from {@link businessIntervalSchema}).
 *
 * @example
 * ```ts
 * const morning: BusinessInterval = { from: '08:00', to: '12:00' };
 * ```
 */
export type BusinessInterval = z.output<typeof businessIntervalSchema>;

/**
 * A holiday of a {@link BusinessCalendar}, as the calendar holds it: an inclusive range of local dates
 * (a single date has `from === to`) and its name, or null.
 *
 * @example
 * ```ts
 * const h: BusinessHoliday = { from: '2026-12-25', to: '2026-12-25', name: 'Christmas Day' };
 * ```
 */
export interface BusinessHoliday {
  readonly from: string;
  readonly to: string;
  readonly name: string | null;
}

declare const calendarBrand: unique symbol;

/**
 * A checked business calendar, made by {@link defineBusinessCalendar}; frozen. Every weekday is present
 * (an empty list is a closed day) with its intervals sorted; holidays are ranges sorted by their first date.
 * It is also a valid {@link BusinessCalendarSpec} (JSON of it defines the same calendar again). A calendar
 * carries a private, lazily grown table of its business intervals (see `businessOffset`), invisible to
 * JSON and equality.
 *
 * @example
 * ```ts
 * const c: BusinessCalendar = unwrap(defineBusinessCalendar({ timeZone: 'UTC', week: { mon: [{ from: '13:00', to: '17:00' }, { from: '09:00', to: '12:00' }] } }));
 * c.week.mon[0]; //=> { from: '09:00', to: '12:00' }
 * c.week.sun; //=> []
 * ```
 */
export interface BusinessCalendar {
  readonly [calendarBrand]: true;
  readonly id: string | null;
  readonly name: string | null;
  readonly timeZone: string;
  readonly week: Readonly<Record<BusinessWeekday, readonly BusinessInterval[]>>;
  readonly holidays: readonly BusinessHoliday[];
}

/** zod's issues as crmkit's (custom issues carry their crmkit code in params). */
function addZodIssues(error: z.core.$ZodError, issues: IssueList): void {
  for (const i of error.issues) {
    const path = i.path.map((p): PathSegment => (typeof p === 'symbol' ? String(p) : p));
    if (i.code === 'unrecognized_keys') {
      issues.push(crmIssue.unrecognizedKeys(path, i.keys, allowedKeys(path)));
      continue;
    }
    const custom = (i as unknown as { params?: { code?: unknown } }).params?.code;
    const code = i.code === 'custom' && isCrmIssueCode(custom) ? custom : isCrmIssueCode(i.code) ? i.code : 'custom';
    issues.push({ path, message: i.message.length > 300 ? `${i.message.slice(0, 299)}…` : i.message, code });
  }
}

function allowedKeys(path: readonly PathSegment[]): string[] {
  if (path.length === 0) return ['id', 'name', 'timeZone', 'week', 'holidays'];
  if (path[0] === 'week') return path.length === 1 ? [...BUSINESS_WEEKDAYS] : ['from', 'to'];
  return ['date', 'from', 'to', 'name'];
}

type ParsedSpec = z.output<typeof businessCalendarSpecSchema>;

function build(spec: ParsedSpec): BusinessCalendar {
  const week = {} as Record<BusinessWeekday, readonly BusinessInterval[]>;
  const byJsDay: number[][] = [[], [], [], [], [], [], []];
  BUSINESS_WEEKDAYS.forEach((d, k) => {
    const ivs = [...(spec.week[d] ?? [])].sort((x, y) => minutesOf(x.from)! - minutesOf(y.from)!);
    week[d] = Object.freeze(ivs.map((iv) => Object.freeze({ from: iv.from, to: iv.to })));
    byJsDay[(k + 1) % 7] = ivs.flatMap((iv) => [minutesOf(iv.from)!, minutesOf(iv.to)!]);
  });
  const holidays = (spec.holidays ?? [])
    .map((h): BusinessHoliday => {
      if (typeof h === 'string') return { from: h, to: h, name: null };
      if ('date' in h) return { from: h.date, to: h.date, name: h.name ?? null };
      return { from: h.from, to: h.to, name: h.name ?? null };
    })
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
  const merged: number[] = [];
  for (const h of holidays) {
    const a = dayOf(h.from)!;
    const b = dayOf(h.to)!;
    const last = merged.length - 1;
    if (last > 0 && a <= merged[last]! + 1) merged[last] = Math.max(merged[last]!, b);
    else merged.push(a, b);
  }
  const calendar = {
    id: spec.id ?? null,
    name: spec.name ?? null,
    timeZone: spec.timeZone,
    week: Object.freeze(week),
    holidays: Object.freeze(holidays.map((h) => Object.freeze(h))),
  };
  attachTable(calendar, { timeZone: spec.timeZone, week: byJsDay, holidays: merged });
  return Object.freeze(calendar) as unknown as BusinessCalendar;
}

/**
 * Checks a business calendar and returns it, frozen, with each day's intervals sorted. Every problem
 * comes back at once in a `validation_failed` Result, each with its path:
 * - an unknown or invalid IANA zone (`['timeZone']`, `invalid_value`);
 * - a wall time that is not `'HH:mm'` from 00:00 to 24:00 (`['week', 'mon', 0, 'from']`, `invalid_format`);
 * - an interval whose end is not after its start (`['week', 'mon', 0, 'to']`, `invalid_period`);
 * - two intervals of a day that overlap (at the later one given, `['week', 'mon', 1]`, `out_of_order`; the
 *   message names both); touching intervals (12:00–13:00 and 13:00–17:00) are allowed and act as one;
 * - a holiday range whose `to` precedes its `from` (`['holidays', 2, 'to']`, `invalid_period`);
 * - a date that is not `'YYYY-MM-DD'` (`invalid_format`) or does not exist, such as 2026-02-30
 *   (`invalid_date`);
 * - a week with no working time at all (`['week']`, `too_small`);
 * - unknown keys anywhere (`unrecognized_keys`, naming the allowed ones).
 *
 * Never throws for its input (wrong types, `null`, cycles, throwing getters are errors in the Result).
 * Unlike Frappe's "Service Level Agreement" (working hours and a holiday list, but no zone), the calendar
 * is always in an IANA zone, as Zendesk's schedules are.
 *
 * @example
 * ```ts
 * const r = defineBusinessCalendar({
 *   id: 'jakarta-support',
 *   timeZone: 'Asia/Jakarta',
 *   week: {
 *     mon: [{ from: '08:00', to: '12:00' }, { from: '13:00', to: '17:00' }],
 *     fri: [{ from: '13:00', to: '17:00' }, { from: '08:00', to: '12:00' }],
 *   },
 *   holidays: ['2026-12-25', { from: '2026-12-28', to: '2026-12-31', name: 'Year end' }],
 * });
 * if (r.ok) r.value.week.fri[0]; //=> { from: '08:00', to: '12:00' }
 * defineBusinessCalendar({ timeZone: 'Mars/Olympus', week: {} }).ok; //=> false
 * ```
 */
export function defineBusinessCalendar(spec: BusinessCalendarSpec): Result<BusinessCalendar> {
  let parsed: ReturnType<typeof businessCalendarSpecSchema.safeParse>;
  try {
    parsed = businessCalendarSpecSchema.safeParse(spec);
  } catch (cause) {
    return err(
      new CrmError('validation_failed', 'Business calendar could not be read: reading it threw', {
        issues: [crmIssue.invalidType([], 'a readable business calendar', spec)],
        cause,
      }),
    );
  }
  if (!parsed.success) {
    const issues = new IssueList();
    addZodIssues(parsed.error, issues);
    return err(issues.error('Business calendar'));
  }
  return ok(build(parsed.data));
}

/**
 * True when `value` is a calendar made by {@link defineBusinessCalendar} (a copy or a JSON round trip is
 * not: define it again). Never throws.
 *
 * @example
 * ```ts
 * const c = unwrap(defineBusinessCalendar({ timeZone: 'UTC', week: { mon: [{ from: '09:00', to: '17:00' }] } }));
 * isBusinessCalendar(c); //=> true
 * isBusinessCalendar({ ...c }); //=> false
 * ```
 */
export function isBusinessCalendar(value: unknown): value is BusinessCalendar {
  return tableOf(value) !== undefined;
}
