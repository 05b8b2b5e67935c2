/**
 * The query compiler: a validated query (see `validateQuery` in the repository module) becomes
 * parameterised SQL with the same semantics as the in-process evaluator the memory store runs.
 * Every value travels as a parameter (`$n`, passed as a string and cast in SQL); every identifier
 * comes from the fixed table map; custom-field keys are parameters too.
 *
 * Semantics carried over from the evaluator:
 * - a field test never yields SQL `NULL` where it matters: under `not`, a test on a null field is
 *   false before negation (`not (x > 5)` matches records whose `x` is null, as in JavaScript);
 * - `neq` matches null fields; ordered comparisons never match them; `in []` matches nothing;
 *   `and []` everything; `or []` nothing;
 * - text compares with `COLLATE "C"` (by code point), `contains` is case-insensitive (the needle is
 *   lower-cased in JavaScript, the column with `lower()`);
 * - money compares by its `numeric` amount, instants by epoch milliseconds;
 * - custom fields (`customFields.<key>`, stored as `jsonb`) compare only with values of the same
 *   JSON type (dates as their ISO text), sort by type (string < number < boolean < structured),
 *   structured values by their JSON text;
 * - sort keys put nulls where asked (default last ascending, first descending), then `id`.
 *
 * @module
 */
import type {
  CursorPosition,
  NormalizedFieldFilter,
  NormalizedFilter,
  NormalizedQuery,
  NormalizedSortKey,
  SortValue,
} from '../../repository/evaluate.js';
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
  const v = `("custom_fields" -> ${params.add(key)})`;
  const t = `jsonb_typeof(${v})`;
  const date = `(${t} = 'object' AND ${v} ? '$date')`;
  const negZero = `(${t} = 'object' AND ${v} ? '$num')`;
  return {
    isNull: `(${v} IS NULL OR ${t} = 'null')`,
    str: `(CASE WHEN ${t} = 'string' THEN ${v} #>> '{}' WHEN ${date} THEN ${v} ->> '$date' END) COLLATE "C"`,
    num: `(CASE WHEN ${t} = 'number' THEN (${v})::numeric WHEN ${negZero} THEN 0::numeric END)`,
    bool: `(CASE WHEN ${t} = 'boolean' THEN (${v})::boolean END)`,
    rank: `(CASE WHEN ${v} IS NULL OR ${t} = 'null' THEN NULL WHEN ${t} = 'string' OR ${date} THEN 0 WHEN ${t} = 'number' OR ${negZero} THEN 1 WHEN ${t} = 'boolean' THEN 2 ELSE 3 END)`,
  };
}

function customKey(field: string): string {
  return field.slice('customFields.'.length);
}

const OPS: Readonly<Record<'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte', string>> = {
  eq: '=',
  neq: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
};

/**
 * A field test as SQL that is never relied on to be NULL-safe: callers at a negated position wrap
 * it in `COALESCE(…, false)`.
 */
function fieldTest(table: TableSpec, f: NormalizedFieldFilter, params: Params): string {
  if (f.type === 'custom') return customTest(f, params);
  if (f.type === 'json') {
    // Structured fields live in the document only.
    const v = `("doc" -> '${fieldSpec(table, f.field).field}')`;
    const isNull = `(${v} IS NULL OR jsonb_typeof(${v}) = 'null')`;
    return f.value === true ? isNull : `NOT ${isNull}`;
  }
  const spec = fieldSpec(table, f.field);
  const col = column(spec);
  const cast = CAST[spec.type] ?? '';
  switch (f.op) {
    case 'isNull':
      return f.value ? `${col} IS NULL` : `${col} IS NOT NULL`;
    case 'eq':
      return `${col} = ${params.add(paramText(f.value))}${cast}`;
    case 'neq':
      return `${col} IS DISTINCT FROM ${params.add(paramText(f.value))}${cast}`;
    case 'in':
      if (f.value.length === 0) return 'FALSE';
      return `${col} IN (${f.value.map((v) => `${params.add(paramText(v))}${cast}`).join(', ')})`;
    case 'contains':
      return `strpos(lower(${col} COLLATE "default"), ${params.add(f.value.toLowerCase())}) > 0`;
    default:
      return `${col} ${OPS[f.op]} ${params.add(paramText(f.value))}${cast}`;
  }
}

/** Equality of a custom field with one scalar value (same JSON type only). */
function customEq(c: CustomExpr, value: string | number | boolean | Date, params: Params): string {
  if (value instanceof Date) return `${c.str} = ${params.add(value.toISOString())}`;
  if (typeof value === 'string') return `${c.str} = ${params.add(value)}`;
  if (typeof value === 'number') return `${c.num} = ${params.add(paramText(value))}::numeric`;
  return `${c.bool} = ${params.add(paramText(value))}::boolean`;
}

function customTest(f: NormalizedFieldFilter, params: Params): string {
  // Checked before the key becomes a parameter: an unused parameter has no type PostgreSQL can infer.
  if (f.op === 'in' && f.value.length === 0) return 'FALSE';
  const c = customExpr(customKey(f.field), params);
  switch (f.op) {
    case 'isNull':
      return f.value ? c.isNull : `NOT ${c.isNull}`;
    case 'eq':
      return customEq(c, f.value, params);
    case 'neq':
      return `NOT COALESCE(${customEq(c, f.value, params)}, false)`;
    case 'in':
      return `(${f.value.map((v) => customEq(c, v, params)).join(' OR ')})`;
    case 'contains':
      return `strpos(lower(${c.str} COLLATE "default"), ${params.add(f.value.toLowerCase())}) > 0`;
    default: {
      const op = OPS[f.op];
      const v = f.value;
      if (v instanceof Date) return `${c.str} ${op} ${params.add(v.toISOString())}`;
      if (typeof v === 'string') return `${c.str} ${op} ${params.add(v)}`;
      if (typeof v === 'number') return `${c.num} ${op} ${params.add(paramText(v))}::numeric`;
      return `${c.bool} ${op} ${params.add(paramText(v))}::boolean`;
    }
  }
}

/**
 * Compiles a filter tree. Negations are pushed down to the field tests (De Morgan), so that positive
 * tests stay plain comparisons an index can serve, and negated ones are made two-valued.
 */
export function compileWhere(
  table: TableSpec,
  filter: NormalizedFilter | null,
  params: Params,
  negated = false,
): string {
  if (filter === null) return negated ? 'FALSE' : 'TRUE';
  if ('and' in filter || 'or' in filter) {
    const isAnd = 'and' in filter;
    const parts = (
      isAnd ? (filter as { and: readonly NormalizedFilter[] }).and : (filter as { or: readonly NormalizedFilter[] }).or
    ).map((g) => compileWhere(table, g, params, negated));
    // not (a and b) = (not a) or (not b); not (a or b) = (not a) and (not b)
    const conj = isAnd !== negated;
    if (parts.length === 0) return conj ? 'TRUE' : 'FALSE';
    return `(${parts.join(conj ? ' AND ' : ' OR ')})`;
  }
  if ('not' in filter) return compileWhere(table, filter.not, params, !negated);
  const test = fieldTest(table, filter, params);
  return negated ? `(NOT COALESCE(${test}, false))` : `(${test})`;
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
  const where = compileWhere(table, query.where, params);
  const after = query.after === null ? '' : ` AND ${compileAfter(table, query.orderBy, query.after, params)}`;
  const orderBy = compileOrderBy(table, query.orderBy, params);
  const limit = params.add(String(query.limit + 1));
  const sortText = query.orderBy.some((k) => k.type === 'custom') ? ', "custom_sort"::text AS "custom_sort"' : '';
  const text = `SELECT "doc"::text AS "doc", "custom_fields"::text AS "custom_fields"${sortText} FROM "${schema}"."${table.table}" WHERE "tenant_id" = ${tenant} AND ${where}${after} ORDER BY ${orderBy} LIMIT ${limit}::integer`;
  return { text, params: params.values };
}

/** The COUNT of the tenant's rows matching a filter. */
export function compileCount(
  schema: string,
  table: TableSpec,
  tenantId: string,
  where: NormalizedFilter | null,
): SqlStatement {
  const params = new Params();
  const tenant = params.add(tenantId);
  const text = `SELECT count(*)::text AS "n" FROM "${schema}"."${table.table}" WHERE "tenant_id" = ${tenant} AND ${compileWhere(table, where, params)}`;
  return { text, params: params.values };
}
