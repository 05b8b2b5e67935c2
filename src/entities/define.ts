/**
 * The machinery every entity shares: one zod schema per entity as the source of its type, and
 * `create` / `parse` / `update` built on it.
 *
 * @module
 */
import * as z from 'zod';
import { Immer } from 'immer';
import { CrmError, formatPath, isCrmIssueCode, type CrmIssue, type PathSegment } from '../core/errors.js';
import { ENTITY_KINDS, type EntityKind, type Id } from '../core/ids.js';
import { err, ok, type Result } from '../core/result.js';
import { resolveContext, type CrmContext } from '../core/clock.js';
import { crmIssue, IssueList, MAX_ISSUES } from '../core/issues.js';
import { deepFreeze } from '../_lib/freeze.js';
import { quoteValue, showValue } from '../_lib/show.js';
import { idSchema, instantSchema, normalizePhone } from './fields.js';
import { isPhoneRegion, readPhone } from './phoneNumber.js';
import {
  customFieldSetIssues,
  MAX_CUSTOM_FIELD_DEPTH,
  validateCustomFieldsInto,
  type CustomFieldRegistry,
} from './customFields.js';

/**
 * The context of entity operations: the clock and id generator of {@link CrmContext}, the
 * custom-field definitions to validate against, and the `defaultRegion` national phone numbers are read
 * in (`0812-3456-7890` with `ID` becomes `+6281234567890`; without it, a record's own `country` is used). Its keys are checked like options: an unknown key
 * (a typo such as `clok`) is refused rather than silently replaced by a default. `customFields` is
 * checked whole: entity kinds as keys, each holding a set as `defineCustomFields` makes it for that
 * kind (issues under `['ctx', 'customFields', kind]`).
 *
 * @example
 * ```ts
 * const ctx: EntityContext = { clock: fixedClock('2026-01-01T00:00:00Z'), ids: sequentialIdGenerator() };
 * ```
 */
export interface EntityContext extends CrmContext {
  /** Custom-field definitions by entity kind (see `defineCustomFields`). */
  readonly customFields?: CustomFieldRegistry;
  /**
   * The ISO 3166-1 alpha-2 region a phone number without a country code is read in (`'ID'`, `'DE'`).
   * Without it, a record's own `country` is used; without either, only international numbers are read.
   */
  readonly defaultRegion?: string;
}

/** The keys an {@link EntityContext} may have. */
export const ENTITY_CONTEXT_KEYS = /* @__PURE__ */ Object.freeze([
  'clock',
  'ids',
  'actor',
  'customFields',
  'defaultRegion',
] as const);

/** The fields every entity carries besides its own. */
export const SYSTEM_FIELDS = /* @__PURE__ */ Object.freeze(['id', 'createdAt', 'updatedAt', 'version'] as const);

const customFieldsSchema = /* @__PURE__ */ z.record(z.string(), z.unknown()).default({});

/** The longest message an issue from a schema keeps (zod's own messages can quote input). */
const MAX_MESSAGE = 300;

/** An immer without auto-freeze: immer freezes the *input*'s untouched subtrees, crmkit freezes copies only. */
const immer = /* @__PURE__ */ new Immer({ autoFreeze: false });

/** The system fields every stored entity has. */
interface SystemFields {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  customFields: Record<string, unknown>;
}

/** A cross-field rule: inspects a parsed entity and reports issues. */
type Refiner<T> = (
  entity: T & SystemFields,
  issue: (path: PathSegment[], message: string, code?: string) => void,
) => void;

/** Optional hooks of an entity definition. */
interface EntityHooks {
  /** Completes a new record (with its id and timestamps) before validation, e.g. a first history entry. */
  onCreate?: (candidate: Record<string, unknown>, actor: string | undefined) => Record<string, unknown>;
  /**
   * A fast path for input already in canonical stored form: a fresh frozen entity equal to what the
   * schema would return, or `undefined` to let the schema decide. Used only without custom-field
   * definitions for the kind.
   */
  fastParse?: (candidate: Record<string, unknown>) => object | undefined;
  /**
   * The phone numbers of a candidate, with their paths: those not in international form are read in the
   * context's `defaultRegion` (or the record's `country`) before validation.
   */
  phones?: (candidate: Record<string, unknown>) => readonly PhoneSlot[];
  /**
   * Checks a change made by `update`: the record before and after the recipe (not yet validated;
   * read defensively). Returns the issues that refuse the change (e.g. a tracked state changed
   * without its history), or none.
   */
  onUpdate?: (before: Record<string, unknown>, after: Record<string, unknown>) => readonly CrmIssue[];
}

/** One phone number of a record, where it sits, and how to put its E.164 form back (on a copy). */
export interface PhoneSlot {
  readonly path: readonly PathSegment[];
  readonly value: unknown;
  readonly replace: (candidate: Record<string, unknown>, e164: string) => Record<string, unknown>;
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

const isPlainRecord = (v: unknown): v is Record<string, unknown> => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * Checks an entity context: `undefined`/`null` mean the defaults; otherwise an object with only the
 * keys of {@link ENTITY_CONTEXT_KEYS}, a `clock` with `now()`, `ids` with `next()`, a string `actor`
 * and an object of custom-field sets. Returns the issues (paths under `ctx`). Never throws.
 */
export function contextIssues(ctx: unknown): CrmIssue[] {
  if (ctx === undefined || ctx === null) return [];
  try {
    if (typeof ctx !== 'object' || Array.isArray(ctx))
      return [crmIssue.invalidType(['ctx'], 'a context { clock?, ids?, actor?, customFields?, defaultRegion? }', ctx)];
    const issues: CrmIssue[] = [];
    const unknown = Object.keys(ctx).filter((k) => !(ENTITY_CONTEXT_KEYS as readonly string[]).includes(k));
    if (unknown.length > 0) issues.push(crmIssue.unrecognizedKeys(['ctx'], unknown, ENTITY_CONTEXT_KEYS));
    const c = ctx as Record<string, unknown>;
    const port = (key: string, method: string): void => {
      const v = c[key];
      if (v === undefined) return;
      if (v === null || typeof v !== 'object' || typeof (v as Record<string, unknown>)[method] !== 'function')
        issues.push(crmIssue.invalidType(['ctx', key], `an object with a ${method}() method`, v));
    };
    port('clock', 'now');
    port('ids', 'next');
    if (c['actor'] !== undefined && typeof c['actor'] !== 'string')
      issues.push(crmIssue.invalidType(['ctx', 'actor'], 'a user id (string)', c['actor']));
    const region = c['defaultRegion'];
    if (region !== undefined && !isPhoneRegion(region))
      issues.push(
        crmIssue.invalidValue(
          ['ctx', 'defaultRegion'],
          'expected an upper-case ISO 3166-1 alpha-2 region with a phone numbering plan, e.g. ID, DE, US',
          region,
        ),
      );
    const cf = c['customFields'];
    if (cf !== undefined && (cf === null || typeof cf !== 'object' || Array.isArray(cf)))
      issues.push(crmIssue.invalidType(['ctx', 'customFields'], 'custom-field sets by entity kind', cf));
    else if (cf !== undefined) issues.push(...registryIssues(cf as Record<string, unknown>));
    return issues;
  } catch {
    return [crmIssue.invalidType(['ctx'], 'a readable context object', ctx)];
  }
}

/**
 * The issues of a context's `customFields`: keys that are entity kinds, each holding a set as
 * {@link defineCustomFields} makes it for that kind (or `undefined`). Paths under `ctx.customFields`.
 */
function registryIssues(registry: Record<string, unknown>): CrmIssue[] {
  const issues: CrmIssue[] = [];
  const keys = Object.keys(registry);
  const unknown = keys.filter((k) => !(ENTITY_KINDS as readonly string[]).includes(k));
  if (unknown.length > 0) issues.push(crmIssue.unrecognizedKeys(['ctx', 'customFields'], unknown, ENTITY_KINDS));
  for (const kind of keys) {
    if (unknown.includes(kind)) continue;
    const set = registry[kind];
    if (set !== undefined) issues.push(...customFieldSetIssues(set, ['ctx', 'customFields', kind], kind));
  }
  return issues;
}

/** A copy of a plain object with its own enumerable properties only (inherited ones are never read). */
function ownCopy(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // defineProperty, not assignment: an own `__proto__` key stays a key (and is refused as unknown),
  // never the copy's prototype.
  for (const k of Object.keys(value))
    Object.defineProperty(out, k, { value: value[k], enumerable: true, writable: true, configurable: true });
  return out;
}

function notAnObject(label: string, received: unknown): Result<never> {
  return err(
    new CrmError('validation_failed', `${label} must be a plain object; received ${showValue(received)}`, {
      issues: [crmIssue.invalidType([], `a ${label} object`, received)],
    }),
  );
}

function unreadable(label: string, input: unknown, cause: unknown): Result<never> {
  return err(
    new CrmError('validation_failed', `${label} could not be read: a property threw when read`, {
      issues: [crmIssue.invalidType([], `a plain ${label} object`, input)],
      cause,
    }),
  );
}

/** Builds the schemas and operations of one entity kind. */
export function defineEntity<K extends EntityKind, S extends z.core.$ZodShape>(
  kind: K,
  label: string,
  shape: S,
  refine?: Refiner<z.output<z.ZodObject<S>>>,
  hooks: EntityHooks = {},
) {
  const fields = z.strictObject(shape);
  const full = fields.extend({
    id: idSchema(kind),
    customFields: customFieldsSchema,
    createdAt: instantSchema,
    updatedAt: instantSchema,
    version: z.number().int('version must be an integer').min(1, 'version starts at 1'),
  });
  type Entity = z.output<typeof full>;
  type Input = z.input<typeof fields> & { customFields?: Record<string, unknown> };

  const schema = (refine === undefined
    ? full
    : full.superRefine((value, ctx) =>
        refine(value as never, (path, message, code = 'custom') =>
          ctx.addIssue({ code: 'custom', path, message, params: { code } }),
        ),
      )) as unknown as z.ZodType<Entity, z.input<typeof full>>;

  /** zod's issues as crmkit's, at most MAX_ISSUES + 1 of them, with bounded messages. */
  const addZodIssues = (error: z.core.$ZodError, issues: IssueList, skip: ReadonlySet<string>): void => {
    for (const i of error.issues) {
      if (issues.full) {
        issues.count++;
        continue;
      }
      const path = i.path.map((p): PathSegment => (typeof p === 'symbol' ? String(p) : p));
      if (skip.has(path.join('\u0000'))) continue; // a phone number already reported with its reason
      if (i.code === 'unrecognized_keys') {
        issues.push(crmIssue.unrecognizedKeys(path, i.keys, Object.keys(full.shape)));
        continue;
      }
      const custom = (i as unknown as { params?: { code?: unknown } }).params?.code;
      const message = i.message.length > MAX_MESSAGE ? `${i.message.slice(0, MAX_MESSAGE - 1)}…` : i.message;
      issues.push({ path, message, code: i.code === 'custom' && isCrmIssueCode(custom) ? custom : i.code });
    }
  };

  /**
   * Reads the national phone numbers of a candidate in the context's region (or the record's country):
   * a copy with their E.164 forms, and an issue with the reason for each that is not a valid number.
   * International numbers are left to the schema, as before regions existed.
   */
  const readNationalPhones = (
    candidate: Record<string, unknown>,
    ctx: EntityContext | undefined,
  ): { candidate: Record<string, unknown>; issues: CrmIssue[] } => {
    const issues: CrmIssue[] = [];
    if (hooks.phones === undefined) return { candidate, issues };
    const country = candidate['country'];
    const region =
      ctx?.defaultRegion ?? (typeof country === 'string' ? country.trim().toUpperCase() : undefined) ?? undefined;
    if (!isPhoneRegion(region)) return { candidate, issues };
    let next = candidate;
    for (const slot of hooks.phones(candidate)) {
      if (typeof slot.value !== 'string' || normalizePhone(slot.value) !== null) continue;
      const read = readPhone(slot.value, region);
      if (read.ok) next = slot.replace(next, read.e164);
      else
        issues.push(
          crmIssue.of(
            'invalid_format',
            slot.path,
            `Phone ${quoteValue(slot.value)} is not a valid phone number (read in region ${region}): ${read.reason}`,
          ),
        );
    }
    return { candidate: next, issues };
  };

  const finish = (input: Record<string, unknown>, ctx: EntityContext | undefined, what: string): Result<Entity> => {
    let parsed: ReturnType<typeof schema.safeParse>;
    let candidate = input;
    let phoneIssues: CrmIssue[] = [];
    // A getter or proxy trap anywhere in the input may throw while it is read: an error, not a throw.
    try {
      ({ candidate, issues: phoneIssues } = readNationalPhones(input, ctx));
      if (hooks.fastParse !== undefined && ctx?.customFields?.[kind] === undefined) {
        const fast = hooks.fastParse(candidate);
        if (fast !== undefined) return ok(fast as Entity);
      }
      parsed = schema.safeParse(candidate);
    } catch (cause) {
      return unreadable(label, candidate, cause);
    }
    const issues = new IssueList();
    issues.push(...phoneIssues);
    if (!parsed.success) addZodIssues(parsed.error, issues, new Set(phoneIssues.map((i) => i.path.join('\u0000'))));
    // Custom-field issues at a path zod already reported (customFields itself) are not repeated.
    const reported = new Set(issues.items.map((i) => i.path.join('\u0000')));
    const custom = validateCustomFieldsInto(
      hasOwn(candidate, 'customFields') ? candidate['customFields'] : undefined,
      ctx?.customFields?.[kind],
      issues,
      reported,
    );
    if (issues.count > 0) {
      const error = issues.error(what);
      return err(
        parsed.success ? error : new CrmError(error.code, error.message, { issues: error.issues, cause: parsed.error }),
      );
    }
    return ok(deepFreeze({ ...(parsed.data as object), customFields: custom } as Entity));
  };

  /** Reads the input defensively: own properties only; a throwing getter or proxy is an issue, not a throw. */
  const readInput = (input: unknown): Result<Record<string, unknown>> => {
    if (!isPlainRecord(input)) return notAnObject(label, input);
    try {
      return { ok: true, value: ownCopy(input) };
    } catch (cause) {
      return unreadable(label, input, cause);
    }
  };

  const badContext = (ctx: unknown, what: string): Result<never> | undefined => {
    const issues = contextIssues(ctx);
    return issues.length === 0 ? undefined : err(new IssueListOf(issues).error(`${what} context`));
  };

  return {
    kind,
    fields,
    schema,
    create(input: Input, ctx?: EntityContext): Result<Entity> {
      const read = readInput(input);
      if (!read.ok) return read;
      const own = read.value;
      const bad = badContext(ctx, `create${label}`);
      if (bad !== undefined) return bad;
      const system = SYSTEM_FIELDS.filter((f) => hasOwn(own, f));
      if (system.length > 0) {
        return err(
          new CrmError(
            'validation_failed',
            `${label} input must not set ${system.join(', ')}: create${label} fills them from the context`,
            {
              issues: system.map((f) => ({
                path: [f],
                message: `${f} is set by create${label}`,
                code: 'unrecognized_keys' as const,
              })),
            },
          ),
        );
      }
      const { clock, ids, actor } = resolveContext(ctx);
      const now = clock.now();
      const candidate: Record<string, unknown> = {
        ...own,
        id: ids.next(kind),
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      return finish(
        hooks.onCreate === undefined ? candidate : hooks.onCreate(candidate, actor),
        ctx ?? undefined,
        label,
      );
    },
    parse(input: unknown, ctx?: EntityContext): Result<Entity> {
      // Canonical stored input (the common case when reading back what crmkit wrote): no copy first.
      if (hooks.fastParse !== undefined && (ctx === undefined || ctx === null)) {
        let fast: object | undefined;
        try {
          fast = hooks.fastParse(input as Record<string, unknown>);
        } catch {
          fast = undefined; // unreadable: the checks below report it
        }
        if (fast !== undefined) return ok(fast as Entity);
      }
      const read = readInput(input);
      if (!read.ok) return read;
      const own = read.value;
      const bad = badContext(ctx, `parse${label}`);
      if (bad !== undefined) return bad;
      return finish(own, ctx ?? undefined, label);
    },
    update(entity: Entity, recipe: (draft: Entity) => void, ctx?: EntityContext): Result<Entity> {
      const read = readInput(entity);
      if (!read.ok) return read;
      const own = read.value;
      const bad = badContext(ctx, `update${label}`);
      if (bad !== undefined) return bad;
      if (typeof recipe !== 'function')
        return err(
          new CrmError('validation_failed', `update${label}: the recipe must be a function`, {
            issues: [crmIssue.invalidType(['recipe'], 'a function (draft) => void', recipe)],
          }),
        );
      let next: Record<string, unknown>;
      let recipeThrew: { readonly error: unknown } | undefined;
      try {
        next = immer.produce(own, (draft) => {
          let returned: unknown;
          try {
            returned = recipe(draft as unknown as Entity) as unknown;
          } catch (error) {
            recipeThrew = { error };
            throw error;
          }
          if (returned !== undefined)
            throw new CrmError(
              'validation_failed',
              `update${label}: the recipe must change the draft and return nothing`,
              {
                issues: [crmIssue.invalidValue(['recipe'], 'the recipe returned a value', returned)],
              },
            );
        });
      } catch (cause) {
        if (recipeThrew !== undefined) throw recipeThrew.error; // the caller's own recipe threw: its error
        if (cause instanceof CrmError) return err(cause);
        // immer walks the values the recipe assigned to find drafts in them: a value nested deeper
        // than the stack allows (or cyclic in a way immer cannot walk) ends up here.
        return err(
          new CrmError(
            'validation_failed',
            `update${label}: the changed ${label} could not be copied (nested too deeply)`,
            {
              issues: [crmIssue.tooDeep([], `${label} values`, MAX_CUSTOM_FIELD_DEPTH)],
              cause,
            },
          ),
        );
      }
      const touched = (['id', 'createdAt', 'version'] as const).filter((f) => !sameValue(own[f], next[f]));
      if (touched.length > 0) {
        return err(
          new CrmError('validation_failed', `update${label}: ${touched.join(', ')} cannot be changed`, {
            issues: touched.map((f) => ({ path: [f], message: `${f} is immutable`, code: 'immutable_field' as const })),
          }),
        );
      }
      const refused = hooks.onUpdate?.(own, next) ?? [];
      if (refused.length > 0)
        return err(
          new CrmError('validation_failed', `update${label}: ${refused[0]!.message}`, { issues: [...refused] }),
        );
      const { clock } = resolveContext(ctx);
      const version = own['version'];
      return finish(
        { ...next, version: typeof version === 'number' ? version + 1 : version, updatedAt: clock.now() },
        ctx ?? undefined,
        label,
      );
    },
  };
}

/** An {@link IssueList} holding `issues` (at most {@link MAX_ISSUES} kept). */
class IssueListOf extends IssueList {
  constructor(issues: readonly CrmIssue[]) {
    super();
    this.push(...issues.slice(0, MAX_ISSUES + 1));
    this.count = issues.length;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return Object.is(a, b);
}

/** The id type an entity kind's schema produces. */
export type IdOf<K extends EntityKind> = Id<K>;
