/**
 * The query compiler: a validated query (see `validateQuery` in the repository module), whose condition
 * is bound to its context, becomes parameterised SQL with the same semantics as the in-process
 * evaluator the memory store runs (docs/conditions.md has the table). Every value travels as a
 * parameter (`$n`, passed as a string and cast in SQL); every identifier comes from the fixed table
 * map; custom-field keys are parameters too.
 *
 * - Two-valued logic: negations are pushed down to the field tests (De Morgan), and a negated test is
 *   `NOT COALESCE(test, false)`, so `not (x > 5)` matches records whose `x` is null, as in JavaScript.
 * - Text compares with `COLLATE "C"` (by code point); `contains`, `startsWith`, `matches` and list
 *   membership fold case with `lower()` under the database's character type (the needle is folded in
 *   JavaScript by `foldCase`, which agrees with `lower()` under a UTF-8 `LC_CTYPE`).
 * - Money compares by its `numeric` amount (and its currency column when the value is Money), instants
 *   by epoch milliseconds; custom fields (`jsonb`) only with values of the same JSON type.
 * - Extension tests cannot run in SQL: the compiler pushes down the largest part of the condition that
 *   is implied by it (a superset of the matches), and the store evaluates the whole condition in memory
 *   over those candidates ({@link compileWhere} says whether the SQL is exact).
 *
 * @module
 */
import type {
  CheckedAggregate,
  BoundFieldTest,
  BoundNode,
  CursorPosition,
  MoneyScalar,
  NormalizedQuery,
  NormalizedSortKey,
  Scalar,
  SortValue,
} from '../../repository/index.js';
import type { FieldSpec, TableSpec } from './tables.js';

/** A statement and its parameters. */
export interface SqlStatement {
  readonly text: string;
  readonly params: readonly (string | null)[];
}

/** Collects parameters and hands out their placeholders. */
export class Params {
  readonly values: (string | null)[] = [];
  /** Adds a parameter and returns its placeholder (`$n`). */
  add(value: string | null): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The SQL text form of a scalar value, for a parameter. */
export function paramText(value: string | number | boolean | Date): string {
  if (value instanceof Date) return String(value.getTime());
  if (typeof value === 'number') return Object.is(value, -0) ? '0' : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return value;
}

const CAST: Readonly<Record<string, string>> = {
  text: '',
  number: '::double precision',
  integer: '::double precision',
  instant: '::bigint',
  boolean: '::boolean',
  money: '::numeric',
};

function column(spec: FieldSpec): string {
  return `"${spec.column}"`;
}

function fieldSpec(table: TableSpec, field: string): FieldSpec {
  const spec = table.byField.get(field);
  if (spec === undefined)
    throw new Error(
      `crmkit/postgres: field ${field} of ${table.kind} is in the query catalog but not in the table map`,
    );
  return spec;
}

/** SQL pieces that read one custom field (a jsonb value) by JSON type. */
interface CustomExpr {
  /** The jsonb value (NULL when the key is missing). */
  readonly json: string;
  /** SQL true when the field is missing or JSON null. */
  readonly isNull: string;
  /** The value when it is a string (or a stored Date, as its ISO text); else NULL. */
  readonly str: string;
  /** The value when it is a number; else NULL. */
  readonly num: string;
  /** The value when it is a boolean; else NULL. */
  readonly bool: string;
  /** 0 string, 1 number, 2 boolean, 3 structured; NULL when the field is null. */
  readonly rank: string;
}

function customExpr(key: string, params: Params): CustomExpr {
  // A path into a structured value (`plan.tier`) reads with #>; its keys are letters, digits and _ only,
  // never integers, so an array on the way gives NULL, as the memory reader's undefined.
  const v = key.includes('.')
    ? `("custom_fields" #> ${params.add(`{${key.split('.').join(',')}}`)}::text[])`
    : `("custom_fields" -> ${params.add(key)})`;
  const t = `jsonb_typeof(${v})`;
  const date = `(${t} = 'object' AND ${v} ? '$date')`;
  const negZero = `(${t} = 'object' AND ${v} ? '$num')`;
  return {
    json: v,
    isNull: `(${v} IS NULL OR ${t} = 'null')`,
    // A Date is stored as { $date: epoch ms } and read in memory as its ISO text: build the same text
    // (exact to the millisecond through an interval; years 0000–9999, as toISOString writes them).
    str: `(CASE WHEN ${t} = 'string' THEN ${v} #>> '{}' WHEN ${date} THEN to_char(TIMESTAMP '1970-01-01' + ((${v} ->> '$date') || ' milliseconds')::interval, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END) COLLATE "C"`,
    num: `(CASE WHEN ${t} = 'number' THEN (${v})::numeric WHEN ${negZero} THEN 0::numeric END)`,
    bool: `(CASE WHEN ${t} = 'boolean' THEN (${v})::boolean END)`,
    rank: `(CASE WHEN ${v} IS NULL OR ${t} = 'null' THEN NULL WHEN ${t} = 'string' OR ${date} THEN 0 WHEN ${t} = 'number' OR ${negZero} THEN 1 WHEN ${t} = 'boolean' THEN 2 ELSE 3 END)`,
  };
}

function customKey(field: string): string {
  return field.slice('customFields.'.length);
}

const OPS: Readonly<Record<'eq' | 'gt' | 'gte' | 'lt' | 'lte', string>> = {
  eq: '=',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
};

/** Folded text of an expression: `lower()` under the database's character type (see the module comment). */
function folded(expr: string): string {
  return `lower((${expr}) COLLATE "default")`;
}

/** A glob pattern (`*`, `?`, already folded) as a LIKE pattern with `\` as the escape character. */
export function likePattern(glob: string): string {
  let out = '';
  for (const ch of glob) {
    if (ch === '*') out += '%';
    else if (ch === '?') out += '_';
    else if (ch === '%' || ch === '_' || ch === '\\') out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

/** SQL true when a jsonb array has an element equal to a (folded) scalar: strings compare folded. */
function arrayHas(json: string, needle: Scalar, params: Params): string {
  const arr = `(CASE WHEN jsonb_typeof(${json}) = 'array' THEN ${json} ELSE '[]'::jsonb END)`;
  // CASE, not AND: PostgreSQL does not promise to test the type before it casts the element.
  let test: string;
  if (typeof needle === 'string')
    test = `CASE WHEN jsonb_typeof(e) = 'string' THEN ${folded("e #>> '{}'")} = ${params.add(needle)} ELSE false END`;
  else if (typeof needle === 'number') {
    const p = `${params.add(paramText(needle))}::numeric`;
    test = `CASE WHEN jsonb_typeof(e) = 'number' THEN e::numeric = ${p} WHEN jsonb_typeof(e) = 'object' AND e ? '$num' THEN ${p} = 0 ELSE false END`;
  } else if (typeof needle === 'boolean')
    test = `CASE WHEN jsonb_typeof(e) = 'boolean' THEN e::boolean = ${params.add(paramText(needle))}::boolean ELSE false END`;
  else return 'FALSE';
  return `EXISTS (SELECT 1 FROM jsonb_array_elements(${arr}) AS e WHERE ${test})`;
}

/** A comparison of a custom field with one scalar (same JSON type only). */
function customCompare(c: CustomExpr, op: keyof typeof OPS, value: Scalar, params: Params): string {
  const o = OPS[op];
  if (typeof value === 'string') return `${c.str} ${o} ${params.add(value)}`;
  if (typeof value === 'number') return `${c.num} ${o} ${params.add(paramText(value))}::numeric`;
  if (typeof value === 'boolean') return `${c.bool} ${o} ${params.add(paramText(value))}::boolean`;
  return 'FALSE';
}

/** A comparison of a column with one scalar of its field type (money: amount, and currency when given). */
function columnCompare(
  table: TableSpec,
  t: BoundFieldTest,
  op: keyof typeof OPS,
  value: Scalar,
  params: Params,
): string {
  const spec = fieldSpec(table, t.field);
  const col = column(spec);
  if (spec.type === 'money') {
    const m = value as MoneyScalar;
    const amount = `${col} ${OPS[op]} ${params.add(m.amount)}::numeric`;
    return m.currency === null ? amount : `(${amount} AND "${spec.column}_currency" = ${params.add(m.currency)})`;
  }
  return `${col} ${OPS[op]} ${params.add(paramText(value as string | number | boolean))}${CAST[spec.type] ?? ''}`;
}

/**
 * A field test as SQL: true, false, or NULL where the field is null (callers at a negated position
 * wrap it in `COALESCE(…, false)`).
 */
function fieldTest(table: TableSpec, t: BoundFieldTest, params: Params): string {
  if (t.type === 'custom') return customTest(t, params);
  if (t.type === 'json' || t.type === 'list') {
    // Structured fields live in the document only.
    const v = `("doc" -> '${fieldSpec(table, t.field).field}')`;
    const isNull = `(${v} IS NULL OR jsonb_typeof(${v}) = 'null')`;
    if (t.op === 'isNull') return t.value ? isNull : `NOT ${isNull}`;
    if (t.op === 'contains') return arrayHas(v, t.value, params);
    return 'FALSE';
  }
  const spec = fieldSpec(table, t.field);
  const col = column(spec);
  switch (t.op) {
    case 'isNull':
      return t.value ? `${col} IS NULL` : `${col} IS NOT NULL`;
    case 'eq':
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return columnCompare(table, t, t.op, t.value, params);
    case 'neq':
      return `NOT COALESCE(${columnCompare(table, t, 'eq', t.value, params)}, false)`;
    case 'in':
    case 'notIn': {
      if (t.values.length === 0) return t.op === 'in' ? 'FALSE' : 'TRUE';
      const any =
        spec.type === 'money'
          ? `(${t.values.map((v) => columnCompare(table, t, 'eq', v, params)).join(' OR ')})`
          : `${col} IN (${t.values.map((v) => `${params.add(paramText(v as string | number | boolean))}${CAST[spec.type] ?? ''}`).join(', ')})`;
      return t.op === 'in' ? any : `NOT COALESCE(${any}, false)`;
    }
    case 'between':
      return `(${columnCompare(table, t, 'gte', t.low, params)} AND ${columnCompare(table, t, 'lte', t.high, params)})`;
    case 'contains':
      return `strpos(${folded(col)}, ${params.add(t.value as string)}) > 0`;
    case 'startsWith':
      return `starts_with(${folded(col)}, ${params.add(t.value as string)})`;
    case 'matches':
      return `${folded(col)} LIKE ${params.add(likePattern(t.value))}`;
  }
}

function customTest(t: BoundFieldTest, params: Params): string {
  // Checked before the key becomes a parameter: an unused parameter has no type PostgreSQL can infer.
  if ((t.op === 'in' || t.op === 'notIn') && t.values.length === 0) return t.op === 'in' ? 'FALSE' : 'TRUE';
  const c = customExpr(customKey(t.field), params);
  switch (t.op) {
    case 'isNull':
      return t.value ? c.isNull : `NOT ${c.isNull}`;
    case 'eq':
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return customCompare(c, t.op, t.value, params);
    case 'neq':
      return `NOT COALESCE(${customCompare(c, 'eq', t.value, params)}, false)`;
    case 'in':
    case 'notIn': {
      const any = `(${t.values.map((v) => customCompare(c, 'eq', v, params)).join(' OR ')})`;
      return t.op === 'in' ? any : `NOT COALESCE(${any}, false)`;
    }
    case 'between':
      return `(${customCompare(c, 'gte', t.low, params)} AND ${customCompare(c, 'lte', t.high, params)})`;
    case 'contains': {
      const member = arrayHas(c.json, t.value, params);
      if (typeof t.value !== 'string') return member;
      return `(COALESCE(strpos(${folded(c.str)}, ${params.add(t.value)}) > 0, false) OR ${member})`;
    }
    case 'startsWith':
      return `starts_with(${folded(c.str)}, ${params.add(t.value as string)})`;
    case 'matches':
      return `${folded(c.str)} LIKE ${params.add(likePattern(t.value))}`;
  }
}

/**
 * A bound condition as a SQL boolean expression. Negations are pushed down to the field tests (De
 * Morgan), so that positive tests stay plain comparisons an index can serve, and negated ones are made
 * two-valued. An extension test (which SQL cannot run) becomes TRUE in whatever polarity it stands:
 * since every negation has been pushed below it, the expression is then implied by the condition — a
 * superset of its matches. Without extension tests it is the condition itself.
 */
function compileNode(table: TableSpec, node: BoundNode, params: Params, negated: boolean): string {
  switch (node.kind) {
    case 'const':
      return node.value !== negated ? 'TRUE' : 'FALSE';
    case 'extension':
      return 'TRUE';
    case 'not':
      return compileNode(table, node.part, params, !negated);
    case 'all':
    case 'any': {
      const conj = (node.kind === 'all') !== negated;
      if (node.parts.length === 0) return conj ? 'TRUE' : 'FALSE';
      const parts = node.parts.map((p) => compileNode(table, p, params, negated));
      return `(${parts.join(conj ? ' AND ' : ' OR ')})`;
    }
    case 'field': {
      const test = fieldTest(table, node, params);
      return negated ? `(NOT COALESCE(${test}, false))` : `(${test})`;
    }
  }
}

/** Whether a bound condition holds an extension test (which SQL cannot run). */
export function hasExtension(node: BoundNode | null): boolean {
  if (node === null) return false;
  switch (node.kind) {
    case 'extension':
      return true;
    case 'not':
      return hasExtension(node.part);
    case 'all':
    case 'any':
      return node.parts.some(hasExtension);
    default:
      return false;
  }
}

/**
 * Compiles a bound condition to a SQL boolean expression. `exact` is false when the condition holds
 * extension tests: the expression is then a superset of the matches (the extension tests taken as
 * true where that keeps it implied), and the caller evaluates the whole condition over the rows.
 */
export function compileWhere(
  table: TableSpec,
  node: BoundNode | null,
  params: Params,
): { readonly sql: string; readonly exact: boolean } {
  if (node === null) return { sql: 'TRUE', exact: true };
  return { sql: compileNode(table, node, params, false), exact: !hasExtension(node) };
}

/** The ORDER BY expressions of one sort key (a custom key sorts by type rank, then by value). */
function orderExpressions(table: TableSpec, key: NormalizedSortKey, params: Params): string[] {
  const dir = key.direction === 'asc' ? 'ASC' : 'DESC';
  const nulls = key.nulls === 'first' ? 'NULLS FIRST' : 'NULLS LAST';
  if (key.type === 'custom') {
    const c = customExpr(customKey(key.field), params);
    const json = `(("custom_sort" ->> ${params.add(customKey(key.field))}) COLLATE "C")`;
    return [`${c.rank} ${dir} ${nulls}`, `${c.str} ${dir}`, `${c.num} ${dir}`, `${c.bool} ${dir}`, `${json} ${dir}`];
  }
  return [`${column(fieldSpec(table, key.field))} ${dir} ${nulls}`];
}

/** The ORDER BY clause of a query: its keys, then `id`. */
export function compileOrderBy(table: TableSpec, orderBy: readonly NormalizedSortKey[], params: Params): string {
  return [...orderBy.flatMap((k) => orderExpressions(table, k, params)), '"id" ASC'].join(', ');
}

function customRankOf(v: Exclude<SortValue, null>): number {
  if (typeof v === 'string' || v instanceof Date) return 0;
  if (typeof v === 'number') return 1;
  if (typeof v === 'boolean') return 2;
  return 3;
}

/** `[equal, after]` conditions of one sort key against a cursor value. */
function keyConditions(
  table: TableSpec,
  key: NormalizedSortKey,
  value: SortValue,
  params: Params,
): readonly [string, string] {
  const gt = key.direction === 'asc' ? '>' : '<';
  if (key.type === 'custom') {
    const c = customExpr(customKey(key.field), params);
    if (value === null) return [c.isNull, key.nulls === 'first' ? `NOT ${c.isNull}` : 'FALSE'];
    const rank = customRankOf(value);
    let comp: string;
    let p: string;
    if (rank === 0) {
      comp = c.str;
      p = params.add(value instanceof Date ? value.toISOString() : (value as string));
    } else if (rank === 1) {
      comp = c.num;
      p = `${params.add(paramText(value as number))}::numeric`;
    } else if (rank === 2) {
      comp = c.bool;
      p = `${params.add(paramText(value as boolean))}::boolean`;
    } else {
      comp = `(("custom_sort" ->> ${params.add(customKey(key.field))}) COLLATE "C")`;
      p = params.add(JSON.stringify((value as { json: unknown }).json));
    }
    const equal = `(${c.rank} = ${rank} AND ${comp} = ${p})`;
    const after = `(${c.rank} ${gt} ${rank} OR (${c.rank} = ${rank} AND ${comp} ${gt} ${p})${key.nulls === 'last' ? ` OR ${c.isNull}` : ''})`;
    return [equal, after];
  }
  const spec = fieldSpec(table, key.field);
  const col = column(spec);
  if (value === null) return [`${col} IS NULL`, key.nulls === 'first' ? `${col} IS NOT NULL` : 'FALSE'];
  const p = `${params.add(paramText(value as string | number | boolean | Date))}${CAST[spec.type] ?? ''}`;
  return [`${col} = ${p}`, `(${col} ${gt} ${p}${key.nulls === 'last' ? ` OR ${col} IS NULL` : ''})`];
}

/**
 * The keyset condition "sorts strictly after the cursor position": for keys k1…kn and the id,
 * `after(k1) OR (eq(k1) AND after(k2)) OR … OR (eq(k1) AND … AND eq(kn) AND id > $id)`.
 */
export function compileAfter(
  table: TableSpec,
  orderBy: readonly NormalizedSortKey[],
  position: CursorPosition,
  params: Params,
): string {
  const conds = orderBy.map((k, i) => keyConditions(table, k, position.values[i] ?? null, params));
  const branches: string[] = [];
  for (let i = 0; i <= conds.length; i++) {
    const prefix = conds.slice(0, i).map((c) => c[0]);
    const last = i < conds.length ? conds[i]![1] : `"id" > ${params.add(position.id)}`;
    branches.push([...prefix, last].join(' AND '));
  }
  return `(${branches.map((b) => `(${b})`).join(' OR ')})`;
}

/** The SELECT of one page: matching rows of the tenant after the cursor, in order, `limit + 1` of them. */
export function compileFind(schema: string, table: TableSpec, tenantId: string, query: NormalizedQuery): SqlStatement {
  const params = new Params();
  const tenant = params.add(tenantId);
  const where = compileWhere(table, query.bound, params).sql;
  const after = query.after === null ? '' : ` AND ${compileAfter(table, query.orderBy, query.after, params)}`;
  const orderBy = compileOrderBy(table, query.orderBy, params);
  const limit = params.add(String(query.limit + 1));
  const sortText = query.orderBy.some((k) => k.type === 'custom') ? ', "custom_sort"::text AS "custom_sort"' : '';
  const text = `SELECT "doc"::text AS "doc", "custom_fields"::text AS "custom_fields"${sortText} FROM "${schema}"."${table.table}" WHERE "tenant_id" = ${tenant} AND ${where}${after} ORDER BY ${orderBy} LIMIT ${limit}::integer`;
  return { text, params: params.values };
}

/** The COUNT of the tenant's rows matching an exact (extension-free) bound condition. */
export function compileCount(
  schema: string,
  table: TableSpec,
  tenantId: string,
  where: BoundNode | null,
): SqlStatement {
  const params = new Params();
  const tenant = params.add(tenantId);
  const text = `SELECT count(*)::text AS "n" FROM "${schema}"."${table.table}" WHERE "tenant_id" = ${tenant} AND ${compileWhere(table, where, params).sql}`;
  return { text, params: params.values };
}

/**
 * The one statement of an aggregate (extension-free conditions): the tenant's rows matching the filter,
 * grouped by the `groupBy` columns (text by code point, nulls last), each measure as text — `g<i>` the
 * group values, `m<i>` the measures (a money sum adds `m<i>_lo` / `m<i>_hi`, its least and greatest
 * currency, so a sum over two currencies is refused).
 */
export function compileAggregate(
  schema: string,
  table: TableSpec,
  tenantId: string,
  aggregate: CheckedAggregate,
): SqlStatement {
  const params = new Params();
  const tenant = params.add(tenantId);
  const where = compileWhere(table, aggregate.query.bound, params).sql;
  const select: string[] = [];
  const groupCols: string[] = [];
  const order: string[] = [];
  aggregate.groupBy.forEach((g, i) => {
    const spec = fieldSpec(table, g.field);
    const col = column(spec);
    select.push(`${col}::text AS "g${i}"`);
    groupCols.push(col);
    order.push(`${spec.type === 'text' ? `${col} COLLATE "C"` : col} ASC NULLS LAST`);
  });
  aggregate.measures.forEach((m, i) => {
    const alias = `"m${i}"`;
    switch (m.fn) {
      case 'count':
        select.push(`count(*)::text AS ${alias}`);
        return;
      case 'countIf':
        select.push(`count(*) FILTER (WHERE ${compileWhere(table, m.query.bound, params).sql})::text AS ${alias}`);
        return;
      case 'distinctCount':
        select.push(`count(DISTINCT ${column(fieldSpec(table, m.field))})::text AS ${alias}`);
        return;
      case 'min':
      case 'max': {
        const spec = fieldSpec(table, m.field);
        const col = spec.type === 'text' ? `${column(spec)} COLLATE "C"` : column(spec);
        select.push(`${m.fn}(${col})::text AS ${alias}`);
        return;
      }
      case 'sum': {
        const spec = fieldSpec(table, m.field);
        const col = column(spec);
        if (spec.type === 'money') {
          const cur = `"${spec.column}_currency"`;
          select.push(`sum(${col})::text AS ${alias}`, `min(${cur}) AS "m${i}_lo"`, `max(${cur}) AS "m${i}_hi"`);
        } else if (spec.type === 'number')
          // A double's text is its shortest round-trip form (PostgreSQL 12+), summed exactly as numeric.
          select.push(`sum((${col})::text::numeric)::text AS ${alias}`);
        else select.push(`sum(${col})::text AS ${alias}`);
        return;
      }
    }
  });
  const grouped = groupCols.length === 0 ? '' : ` GROUP BY ${groupCols.join(', ')} ORDER BY ${order.join(', ')}`;
  const text = `SELECT ${select.join(', ')} FROM "${schema}"."${table.table}" WHERE "tenant_id" = ${tenant} AND ${where}${grouped}`;
  return { text, params: params.values };
}
