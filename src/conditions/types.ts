/**
 * The condition language as JSON data: its types.
 *
 * @module
 */

/**
 * Every operator of a field test.
 *
 * @example
 * ```ts
 * CONDITION_OPERATORS.includes('between'); //=> true
 * ```
 */
export const CONDITION_OPERATORS = /* @__PURE__ */ Object.freeze([
  'eq',
  'neq',
  'in',
  'notIn',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'contains',
  'startsWith',
  'isNull',
  'matches',
] as const);

/**
 * An operator of a field test; see {@link CONDITION_OPERATORS} and docs/conditions.md for each one's
 * treatment of null, Money, dates and custom fields.
 *
 * @example
 * ```ts
 * const op: ConditionOperator = 'startsWith';
 * ```
 */
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/**
 * A money amount to compare with: its amount and, optionally, its currency (a Money value compares
 * only with amounts in the same currency).
 *
 * @example
 * ```ts
 * const m: MoneyValue = { amount: '1000.00', currency: 'EUR' };
 * ```
 */
export interface MoneyValue {
  readonly amount: string;
  readonly currency: string;
}

/**
 * An instant relative to the context's `asOf`: an ISO 8601 duration, negative for the past
 * (`{ $now: '-P30D' }` is 30 days before `asOf`; `{ $now: 'PT0S' }` is `asOf` itself).
 *
 * @example
 * ```ts
 * const v: NowValue = { $now: '-P30D' };
 * ```
 */
export interface NowValue {
  readonly $now: string;
}

/**
 * A value taken from the evaluation context: `user.id`, `user.role`, `user.email` (text) or
 * `user.teamIds` (a list, for `in`, `notIn`).
 *
 * @example
 * ```ts
 * const v: RefValue = { $ref: 'user.id' };
 * ```
 */
export interface RefValue {
  readonly $ref: string;
}

/**
 * A literal a field test compares with: text, a finite number, a boolean, a `Date`, a Money value, or
 * `null` (`eq null` is `isNull`).
 *
 * @example
 * ```ts
 * const v: ConditionLiteral = '2026-01-01T00:00:00Z';
 * ```
 */
export type ConditionLiteral = string | number | boolean | Date | MoneyValue | null;

/**
 * Anything a field test may compare with: a literal, `$now` or `$ref`.
 *
 * @example
 * ```ts
 * const v: ConditionValue = { $now: '-P7D' };
 * ```
 */
export type ConditionValue = ConditionLiteral | NowValue | RefValue;

/**
 * A field of a record a condition can name: one of its own keys, or `customFields.<key>`.
 *
 * @example
 * ```ts
 * const f: FieldName<{ status: string; customFields: object }> = 'customFields.employees';
 * ```
 */
export type FieldName<E> = [E] extends [never]
  ? string
  : Extract<Exclude<keyof E, 'customFields'>, string> | `customFields.${string}`;

/**
 * A test on one field: `{ field, op, value }`.
 *
 * @example
 * ```ts
 * const t: FieldTest<{ stageId: string }> = { field: 'stageId', op: 'in', value: ['proposal', 'negotiation'] };
 * ```
 */
export type FieldTest<E = never> =
  | {
      readonly field: FieldName<E>;
      readonly op: 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte';
      readonly value: ConditionValue;
    }
  | { readonly field: FieldName<E>; readonly op: 'in' | 'notIn'; readonly value: readonly ConditionValue[] | RefValue }
  | { readonly field: FieldName<E>; readonly op: 'between'; readonly value: readonly [ConditionValue, ConditionValue] }
  | {
      readonly field: FieldName<E>;
      readonly op: 'contains' | 'startsWith';
      readonly value: string | number | boolean | RefValue;
    }
  | { readonly field: FieldName<E>; readonly op: 'matches'; readonly value: string }
  | { readonly field: FieldName<E>; readonly op: 'isNull'; readonly value: boolean };

/**
 * The condition language: a field test, a test of a registered extension (`X`), or `all` / `any` /
 * `not` of conditions. `all: []` is always true and `any: []` always false.
 *
 * @example
 * ```ts
 * const c: ConditionJson<{ stageId: string; amount: unknown }> = {
 *   all: [{ field: 'stageId', op: 'neq', value: 'lost' }, { not: { field: 'amount', op: 'lt', value: '1000' } }],
 * };
 * ```
 */
export type ConditionJson<E = never, X = never> =
  | FieldTest<E>
  | X
  | { readonly all: readonly ConditionJson<E, X>[] }
  | { readonly any: readonly ConditionJson<E, X>[] }
  | { readonly not: ConditionJson<E, X> };

/**
 * The user a condition is evaluated for (`$ref: 'user.…'`): a User entity fits.
 *
 * @example
 * ```ts
 * const u: ConditionUser = { id: 'user-1', teamIds: ['team-emea'], role: 'sales' };
 * ```
 */
export interface ConditionUser {
  readonly id: string;
  readonly role?: string | null;
  readonly email?: string | null;
  readonly teamIds?: readonly string[];
}

/**
 * What an activity test counts: an Activity entity fits (`occurredAt` a Date, an ISO string or epoch ms).
 *
 * @example
 * ```ts
 * const a: ConditionActivity = { kind: 'web', subject: 'Pricing page', occurredAt: new Date('2026-01-05T10:00:00Z') };
 * ```
 */
export interface ConditionActivity {
  readonly kind: string;
  readonly occurredAt: Date | string | number;
  readonly [field: string]: unknown;
}

/**
 * The explicit context a condition is evaluated in; nothing comes from a clock.
 * - `asOf`: the instant `$now` values and activity windows count from;
 * - `user`: for `$ref: 'user.…'` values;
 * - `activities`: the record's activities for activity tests (a list, or a function of the record);
 * - `previous`: the record before a change, for change tests;
 * - `measures`: the record's measures for measure tests (an object, or a function of the record);
 * - `data`: anything a host's own extension reads.
 *
 * @example
 * ```ts
 * const ctx: ConditionContext = { asOf: new Date('2026-03-01T00:00:00Z'), user: { id: 'user-1' } };
 * ```
 */
export interface ConditionContext {
  readonly asOf?: Date;
  readonly user?: ConditionUser;
  /** The record's activities (for activity tests): a list, or a function of the record. */
  readonly activities?: readonly ConditionActivity[] | ((record: unknown) => readonly ConditionActivity[]);
  readonly previous?: unknown;
  /** The record's measures (for measure tests): an object, or a function of the record. */
  readonly measures?: Readonly<Record<string, unknown>> | ((record: unknown) => Readonly<Record<string, unknown>>);
  readonly data?: Readonly<Record<string, unknown>>;
}
