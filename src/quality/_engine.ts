/**
 * The compiled form of rules and models: which field values each needs (features), how a record is
 * prepared once, its blocking keys, and how a pair is compared. Kept in WeakMaps beside the frozen,
 * serialisable rule and model objects, as conditions keep their trees.
 *
 * @module
 */
import { argumentError } from '../core/errors.js';
import { isPhoneRegion } from '../entities/phoneNumber.js';
import maxMetadata from 'libphonenumber-js/max/metadata';
import { compareValues, type ItemOutcome } from './_compare.js';
import { readFeature, transformOf, valuesOf, type FeatureValue, type Transform } from './_features.js';
import type { FieldEvidence, Matcher, MatchingItem, MatchMethod, MatchObject } from './types.js';

/** One field read one way. */
export interface Feature {
  readonly field: string;
  readonly transform: Transform;
}

/** A record read once for matching: its id and the values of every feature. */
export interface Prepared {
  readonly id: string;
  readonly values: readonly FeatureValue[];
}

/** One test with the index of the feature it reads. */
export interface CompiledItem {
  readonly field: string;
  readonly method: MatchMethod;
  readonly threshold: number;
  readonly blank: MatchingItem['blank'];
  readonly feature: number;
}

/** One level of a model comparison, compiled. */
export interface CompiledLevel {
  readonly method: MatchMethod;
  readonly threshold: number;
  readonly feature: number;
  readonly weight: number;
}

/** One model comparison, compiled: its levels and the weight of `else`. */
export interface CompiledComparison {
  readonly field: string;
  readonly levels: readonly CompiledLevel[];
  readonly elseWeight: number;
  /** The labels of the levels, `else` last. */
  readonly labels: readonly string[];
}

/** What comparing two prepared records gave. */
export interface PairOutcome {
  readonly match: boolean;
  readonly score: number;
  readonly group: number | null;
  readonly evidence: readonly FieldEvidence[];
}

/** The compiled parts every matcher has. */
export interface Engine {
  readonly object: MatchObject;
  readonly features: readonly Feature[];
  readonly groups: readonly (readonly CompiledItem[])[];
  readonly region: string | undefined;
  readonly freeMail: ReadonlySet<string>;
  readonly where: ((record: unknown) => boolean) | null;
  readonly maxBlock: number;
  /** For a model: its comparisons, prior log-odds (log2) and threshold. */
  readonly model: {
    readonly comparisons: readonly CompiledComparison[];
    readonly priorWeight: number;
    readonly threshold: number;
  } | null;
}

const ENGINES = /* @__PURE__ */ new WeakMap<object, Engine>();

/** Registers the engine of a rule or model made by crmkit. */
export function registerEngine(matcher: Matcher, engine: Engine): void {
  ENGINES.set(matcher, engine);
}

/**
 * The engine of a rule or model; anything not made by `defineMatchingRule` or `trainMatchModel` is a
 * programmer error (thrown).
 */
export function engineOf(matcher: unknown, fn: string, path: readonly (string | number)[] = ['matcher']): Engine {
  const e = typeof matcher === 'object' && matcher !== null ? ENGINES.get(matcher) : undefined;
  if (e === undefined)
    throw argumentError(fn, path, 'a matching rule from defineMatchingRule or a model from trainMatchModel', matcher);
  return e;
}

/** Adds a feature to a list (once) and returns its index. */
export function featureIndex(features: Feature[], field: string, method: MatchMethod): number {
  const transform = transformOf(method);
  const i = features.findIndex((f) => f.field === field && f.transform === transform);
  if (i >= 0) return i;
  features.push({ field, transform });
  return features.length - 1;
}

/** The region a record's national phone numbers are read in: its own country, else the matcher's. */
function regionOf(record: Record<string, unknown>, fallback: string | undefined): string | undefined {
  const c = record['country'];
  if (typeof c === 'string') {
    const u = c.trim().toUpperCase();
    if (isPhoneRegion(u, maxMetadata)) return u;
  }
  return fallback;
}

/** Reads a record for matching; `null` when the matcher's `where` condition excludes it. */
export function prepare(
  engine: Engine,
  record: Record<string, unknown>,
  id: string,
  cache?: Map<string, string | null>,
): Prepared | null {
  if (engine.where !== null && !engine.where(record)) return null;
  const region = regionOf(record, engine.region);
  const values = engine.features.map((f) =>
    readFeature(record, engine.object, f.field, f.transform, region, engine.freeMail, cache),
  );
  return { id, values };
}

const MAX_KEYS_PER_GROUP = 16;

/** The part of a blocking key one item gives: the whole value, or its first letter for fuzzy methods. */
function keyParts(item: CompiledItem, v: FeatureValue): readonly string[] | null {
  if (v === null) return item.blank === 'match' ? ['\u2205'] : null;
  const fuzzy = item.method === 'jaroWinkler' || item.method === 'nameInitials';
  const parts = valuesOf(v).map((s) => (fuzzy ? s.slice(0, 1) : s));
  return [...new Set(parts)];
}

/**
 * The blocking keys of a prepared record: per group, the values its items need to agree on (fuzzy items
 * give their first letter), joined as `group|part|part`. Two records a group matches share that group's
 * key, except when a fuzzy item's first letters differ.
 */
export function keysOf(engine: Engine, p: Prepared): string[] {
  const keys: string[] = [];
  for (let g = 0; g < engine.groups.length; g++) for (const k of groupKeys(engine, p, g)) keys.push(k);
  return keys;
}

/** The blocking keys of one group (see {@link keysOf}); none when an item is blank and blanks never agree. */
export function groupKeys(engine: Engine, p: Prepared, g: number): string[] {
  let acc: string[] = [String(g)];
  for (const item of engine.groups[g]!) {
    const parts = keyParts(item, p.values[item.feature]!);
    if (parts === null) return [];
    if (parts.length === 1) {
      for (let i = 0; i < acc.length; i++) acc[i] = `${acc[i]}|${parts[0]}`;
      continue;
    }
    const next: string[] = [];
    for (const a of acc) for (const part of parts) if (next.length < MAX_KEYS_PER_GROUP) next.push(`${a}|${part}`);
    acc = next;
  }
  return acc;
}

function evidenceOf(item: { field: string; method: MatchMethod }, o: ItemOutcome): FieldEvidence {
  return {
    field: item.field,
    method: item.method,
    level: null,
    a: o.a,
    b: o.b,
    similarity: o.similarity,
    agree: o.agree,
    weight: null,
  };
}

/** A rule's verdict on a pair: the first group whose items all agree. */
function compareByRule(engine: Engine, a: Prepared, b: Prepared): PairOutcome {
  let firstEvidence: FieldEvidence[] | null = null;
  for (let g = 0; g < engine.groups.length; g++) {
    const group = engine.groups[g]!;
    const evidence: FieldEvidence[] = [];
    let all = true;
    let sum = 0;
    for (const item of group) {
      const o = compareValues(
        item.method,
        item.threshold,
        item.blank,
        a.values[item.feature]!,
        b.values[item.feature]!,
      );
      evidence.push(evidenceOf(item, o));
      if (!o.agree) {
        all = false;
        break;
      }
      sum += o.similarity ?? 1;
    }
    if (all) return { match: true, score: sum / group.length, group: g, evidence };
    firstEvidence ??= evidence;
  }
  return { match: false, score: 0, group: null, evidence: firstEvidence ?? [] };
}

/** The level index of each comparison for a pair (`-1` for a blank), and the evidence. */
export function levelsOf(
  comparisons: readonly CompiledComparison[],
  a: Prepared,
  b: Prepared,
  out: Int8Array,
  evidence: FieldEvidence[] | null,
): void {
  comparisons.forEach((c, k) => {
    const first = c.levels[0]!;
    const va = a.values[first.feature]!;
    const vb = b.values[first.feature]!;
    if (va === null || vb === null) {
      out[k] = -1;
      evidence?.push({
        field: c.field,
        method: null,
        level: null,
        a: va === null ? null : valuesOf(va)[0]!,
        b: vb === null ? null : valuesOf(vb)[0]!,
        similarity: null,
        agree: false,
        weight: 0,
      });
      return;
    }
    let level = c.levels.length;
    let seen: ItemOutcome | null = null;
    for (let l = 0; l < c.levels.length; l++) {
      const lv = c.levels[l]!;
      const o = compareValues(lv.method, lv.threshold, 'no_match', a.values[lv.feature]!, b.values[lv.feature]!);
      seen ??= o.blank ? null : o;
      if (o.agree) {
        level = l;
        seen = o;
        break;
      }
    }
    out[k] = level;
    if (evidence !== null) {
      const lv = c.levels[level];
      evidence.push({
        field: c.field,
        method: lv?.method ?? null,
        level: c.labels[level]!,
        a: seen?.a ?? valuesOf(va)[0]!,
        b: seen?.b ?? valuesOf(vb)[0]!,
        similarity: seen?.similarity ?? null,
        agree: lv !== undefined,
        weight: lv?.weight ?? c.elseWeight,
      });
    }
  });
}

/** The probability 2^w / (1 + 2^w), without overflow. */
export function probabilityOfWeight(w: number): number {
  return w >= 0 ? 1 / (1 + 2 ** -w) : 2 ** w / (1 + 2 ** w);
}

/** A model's verdict on a pair: the summed weights and the match probability. */
function compareByModel(engine: Engine, a: Prepared, b: Prepared, explain: boolean): PairOutcome {
  const model = engine.model!;
  const levels = new Int8Array(model.comparisons.length);
  const evidence: FieldEvidence[] | null = explain ? [] : null;
  levelsOf(model.comparisons, a, b, levels, evidence);
  let w = model.priorWeight;
  model.comparisons.forEach((c, k) => {
    const l = levels[k]!;
    if (l >= 0) w += l < c.levels.length ? c.levels[l]!.weight : c.elseWeight;
  });
  const p = probabilityOfWeight(w);
  return { match: p >= model.threshold, score: p, group: null, evidence: evidence ?? [] };
}

/** Compares two prepared records by a rule or a model. */
export function comparePair(engine: Engine, a: Prepared, b: Prepared, explain = true): PairOutcome {
  return engine.model === null ? compareByRule(engine, a, b) : compareByModel(engine, a, b, explain);
}
