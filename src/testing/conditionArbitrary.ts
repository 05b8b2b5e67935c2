/**
 * Random conditions for property tests: every operator of the condition language on the fields of
 * deals and leads (text, numbers, dates, money, custom fields of mixed types, structured fields), with
 * `$now` and `$ref` values and nested `all` / `any` / `not`. The repository contract suite draws its
 * queries from here, so that a store that gives another answer than the memory store for any of them
 * fails.
 *
 * @module
 */
import fc from 'fast-check';
import type { ConditionContext, ConditionJson } from '../conditions/types.js';
import { CONDITION_WORDS } from './arbitraries.js';
import { compareText } from '../conditions/values.js';

/**
 * The context the condition arbitraries' `$now` and `$ref` values are meant for: `asOf` 2030-06-01,
 * user `user-2` with teams `user-1` and `user-3` (so that `ownerId in user.teamIds` selects records).
 *
 * @example
 * ```ts
 * CONDITION_TEST_CONTEXT.user?.id; //=> 'user-2'
 * ```
 */
export const CONDITION_TEST_CONTEXT: ConditionContext = /* @__PURE__ */ Object.freeze({
  asOf: /* @__PURE__ */ new Date(/* @__PURE__ */ Date.UTC(2030, 5, 1)),
  user: /* @__PURE__ */ Object.freeze({
    id: 'user-2',
    role: 'sales',
    email: 'u2@example.org',
    teamIds: /* @__PURE__ */ Object.freeze(['user-1', 'user-3']),
  }),
});

type Json = ConditionJson<never>;
type Leaf = fc.Arbitrary<Json>;

const test = (field: string, op: string, value: unknown): Json => ({ field, op, value }) as unknown as Json;

const word = /* @__PURE__ */ (() => fc.constantFrom(...CONDITION_WORDS))();
/** Fragments for contains / startsWith: parts of the words, in other cases. */
const chars = (w: string) => Array.from(w); // code points, so that a slice never splits a surrogate pair
const fragment = /* @__PURE__ */ fc.oneof(
  /* @__PURE__ */ word.map((w) => chars(w).slice(0, 2).join('')),
  /* @__PURE__ */ word.map((w) => chars(w).slice(1, 4).join('').toUpperCase()),
  /* @__PURE__ */ fc.constantFrom('a', 'E', 'er', 'ss', 'ß', 'σ', 'i', 'İ', '😀', '%', '_', ''),
);
/** Glob patterns built from words: `*` and `?` in random places. */
const pattern = /* @__PURE__ */ fc
  .tuple(word, fc.nat({ max: 6 }), fc.constantFrom('*', '?', '**', '*?'))
  .map(([w, at, wild]) =>
    `${chars(w).slice(0, at).join('')}${wild}${chars(w)
      .slice(at + 1)
      .join('')}`.toLowerCase(),
  );

const instant = /* @__PURE__ */ fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) })
  .map((t) => new Date(t));
const nowValue = /* @__PURE__ */ fc
  .integer({ min: 0, max: 20_000 })
  .map((d) => ({ $now: d % 3 === 0 ? `P${d}D` : `-P${d}D` }));
const dateValue = /* @__PURE__ */ fc.oneof(
  instant,
  /* @__PURE__ */ instant.map((d) => d.toISOString()),
  nowValue,
);
const amount = /* @__PURE__ */ fc.oneof(
  /* @__PURE__ */ fc
    .bigInt({ min: 0n, max: 10n ** 15n })
    .map((c) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`),
  /* @__PURE__ */ fc.constantFrom('0', '100', '1000.5', '5000000000000'),
  /* @__PURE__ */ fc.integer({ min: 0, max: 1_000_000 }),
);
const moneyValue = /* @__PURE__ */ fc.oneof(
  amount,
  /* @__PURE__ */ fc.record({
    amount: /* @__PURE__ */ amount.map(String),
    currency: /* @__PURE__ */ fc.constantFrom('USD', 'EUR', 'GBP'),
  }),
);

function ordered<T>(arb: fc.Arbitrary<T>, cmp: (a: T, b: T) => number): fc.Arbitrary<[T, T]> {
  return fc.tuple(arb, arb).map(([a, b]) => (cmp(a, b) <= 0 ? [a, b] : [b, a]));
}

function textTests(field: string, values: fc.Arbitrary<string>, nullable: boolean): Leaf {
  return fc.oneof(
    fc
      .tuple(fc.constantFrom('eq', 'neq'), nullable ? fc.option(values, { nil: null }) : values)
      .map(([op, v]) => test(field, op, v)),
    fc.tuple(fc.constantFrom('in', 'notIn'), fc.array(values, { maxLength: 4 })).map(([op, v]) => test(field, op, v)),
    fc.tuple(fc.constantFrom('gt', 'gte', 'lt', 'lte'), fc.oneof(values, word)).map(([op, v]) => test(field, op, v)),
    ordered(fc.oneof(values, word), compareText).map((v) => test(field, 'between', v)),
    fc.tuple(fc.constantFrom('contains', 'startsWith'), fragment).map(([op, v]) => test(field, op, v)),
    pattern.map((p) => test(field, 'matches', p)),
    fc.boolean().map((v) => test(field, 'isNull', v)),
  );
}

function numberTests(field: string, values: fc.Arbitrary<number>): Leaf {
  return fc.oneof(
    fc.tuple(fc.constantFrom('eq', 'neq', 'gt', 'gte', 'lt', 'lte'), values).map(([op, v]) => test(field, op, v)),
    fc.tuple(fc.constantFrom('in', 'notIn'), fc.array(values, { maxLength: 4 })).map(([op, v]) => test(field, op, v)),
    ordered(values, (a, b) => a - b).map((v) => test(field, 'between', v)),
    fc.boolean().map((v) => test(field, 'isNull', v)),
  );
}

function dateTests(field: string): Leaf {
  return fc.oneof(
    fc.tuple(fc.constantFrom('eq', 'neq', 'gt', 'gte', 'lt', 'lte'), dateValue).map(([op, v]) => test(field, op, v)),
    fc.tuple(fc.constantFrom('in', 'notIn'), fc.array(instant, { maxLength: 3 })).map(([op, v]) => test(field, op, v)),
    ordered(instant, (a, b) => a.getTime() - b.getTime()).map((v) => test(field, 'between', v)),
    fc.boolean().map((v) => test(field, 'isNull', v)),
  );
}

function moneyTests(field: string): Leaf {
  const num = (v: unknown) => Number(typeof v === 'object' && v !== null ? (v as { amount: string }).amount : v);
  return fc.oneof(
    fc.tuple(fc.constantFrom('eq', 'neq', 'gt', 'gte', 'lt', 'lte'), moneyValue).map(([op, v]) => test(field, op, v)),
    fc
      .tuple(fc.constantFrom('in', 'notIn'), fc.array(moneyValue, { maxLength: 3 }))
      .map(([op, v]) => test(field, op, v)),
    fc.tuple(amount, amount, fc.option(fc.constantFrom('USD', 'EUR'), { nil: null })).map(([a, b, cur]) => {
      const [lo, hi] = num(a) <= num(b) ? [a, b] : [b, a];
      return test(
        field,
        'between',
        cur === null
          ? [lo, hi]
          : [
              { amount: String(lo), currency: cur },
              { amount: String(hi), currency: cur },
            ],
      );
    }),
  );
}

function customTests(): Leaf {
  const scalar = fc.oneof(word, fc.integer({ min: -5, max: 5000 }), fc.boolean());
  const cmp = (a: string | number | boolean, b: string | number | boolean) =>
    typeof a === 'string' && typeof b === 'string' ? compareText(a, b) : a < b ? -1 : a > b ? 1 : 0;
  return fc.oneof(
    textTests('customFields.region', fc.constantFrom('EMEA', 'emea', 'Americas', 'APAC', 'Östra', 'ΑΘΗΝΑ'), true),
    numberTests('customFields.employees', fc.integer({ min: -5, max: 5000 })),
    fc.tuple(fc.constantFrom('eq', 'neq'), fc.boolean()).map(([op, v]) => test('customFields.vip', op, v)),
    fc.boolean().map((v) => test('customFields.vip', 'isNull', v)),
    fc.oneof(word, fragment).map((v) => test('customFields.tags', 'contains', v)),
    fc.tuple(fc.constantFrom('eq', 'neq', 'gt', 'lte'), scalar).map(([op, v]) => test('customFields.misc', op, v)),
    fc
      .tuple(fc.constantFrom('in', 'notIn'), fc.array(scalar, { maxLength: 3 }))
      .map(([op, v]) => test('customFields.misc', op, v)),
    fc.oneof(scalar, fragment).map((v) => test('customFields.misc', 'contains', v)),
    fc
      .tuple(scalar, scalar)
      .filter(([a, b]) => typeof a === typeof b)
      .map(([a, b]) => test('customFields.misc', 'between', cmp(a, b) <= 0 ? [a, b] : [b, a])),
    fragment.map((v) => test('customFields.misc', 'startsWith', v)),
    pattern.map((p) => test('customFields.misc', 'matches', p)),
    fc.boolean().map((v) => test('customFields.nope', 'isNull', v)),
    fc
      .tuple(fc.constantFrom('eq', 'neq', 'gt', 'gte', 'lt', 'lte'), dateValue)
      .map(([op, v]) => test('customFields.signedAt', op, v)),
    ordered(instant, (a, b) => a.getTime() - b.getTime()).map((v) => test('customFields.signedAt', 'between', v)),
    textTests('customFields.plan.tier', word, true),
    numberTests('customFields.plan.seats', fc.integer({ min: 0, max: 50 })),
    fc.boolean().map((v) => test('customFields.plan', 'isNull', v)),
  );
}

const owners = /* @__PURE__ */ fc.constantFrom('user-1', 'user-2', 'user-3');

function leaves(kind: 'deal' | 'lead'): Leaf {
  const common: Leaf[] = [
    textTests('ownerId', owners, true),
    fc.constantFrom('eq', 'neq').map((op) => test('ownerId', op, { $ref: 'user.id' })),
    fc.constantFrom('in', 'notIn').map((op) => test('ownerId', op, { $ref: 'user.teamIds' })),
    dateTests('createdAt'),
    dateTests('updatedAt'),
    numberTests('version', fc.integer({ min: 0, max: 4 })),
    customTests(),
  ];
  if (kind === 'deal')
    return fc.oneof(
      ...common,
      textTests('name', fc.oneof(word, fc.constantFrom('Alpha', 'beta writer', "O'Hara", '👩‍💻 Zed')), false),
      textTests('stageId', fc.constantFrom('qualification', 'proposal', 'negotiation', 'won', 'lost'), false),
      textTests('pipelineId', fc.constantFrom('b2b', 'smb'), false),
      moneyTests('amount'),
      dateTests('expectedCloseDate'),
      dateTests('closedAt'),
      fc.boolean().map((v) => test('stageHistory', 'isNull', v)),
    );
  return fc.oneof(
    ...common,
    textTests('lastName', fc.oneof(word, fc.constantFrom('Alpha', 'beta writer', "O'Hara", '👩‍💻 Zed')), false),
    textTests('company', word, true),
    textTests(
      'status',
      fc.constantFrom('new', 'contacted', 'nurturing', 'qualified', 'unqualified', 'converted'),
      false,
    ),
    textTests('email', fc.constantFrom('a@example.org', 'b@example.org'), true),
    dateTests('convertedAt'),
    fc.boolean().map((v) => test('score', 'isNull', v)),
  );
}

/**
 * Random conditions on deals or leads in the condition language, nesting `all` / `any` / `not` up to
 * `depth` levels (default 3). Evaluate them with {@link CONDITION_TEST_CONTEXT} (they use `$now` and
 * `$ref`). Pair with `dealArbitrary({ customFields: true })` / `leadArbitrary({ customFields: true })`.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(conditionArbitrary('deal'), (json) => defineCondition(json, { entity: 'deal' }).ok));
 * ```
 */
export function conditionArbitrary(
  kind: 'deal' | 'lead',
  options: { readonly depth?: number } = {},
): fc.Arbitrary<ConditionJson<never>> {
  const leaf = leaves(kind);
  const depth = options.depth ?? 3;
  const level = (d: number): fc.Arbitrary<Json> =>
    d <= 0
      ? leaf
      : fc.oneof(
          { weight: 3, arbitrary: leaf },
          { weight: 1, arbitrary: fc.array(level(d - 1), { maxLength: 3 }).map((all) => ({ all }) as Json) },
          { weight: 1, arbitrary: fc.array(level(d - 1), { maxLength: 3 }).map((any) => ({ any }) as Json) },
          { weight: 1, arbitrary: level(d - 1).map((not) => ({ not }) as Json) },
        );
  return level(depth);
}
