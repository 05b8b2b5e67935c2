/**
 * The machinery every entity shares: one zod schema per entity as the source of its type, and
 * `create` / `parse` / `update` built on it.
 *
 * @module
 */
import * as z from 'zod';
import { produce } from 'immer';
import { CrmError, formatPath, isCrmIssueCode, type CrmIssue, type PathSegment } from '../core/errors.js';
import type { EntityKind, Id } from '../core/ids.js';
import { err, ok, type Result } from '../core/result.js';
import { resolveContext, type CrmContext } from '../core/clock.js';
import { deepFreeze } from '../_lib/freeze.js';
import { idSchema, instantSchema } from './fields.js';
import { validateCustomFields, type CustomFieldRegistry } from './customFields.js';

/**
 * The context of entity operations: the clock and id generator of {@link CrmContext}, plus the
 * custom-field definitions to validate against.
 *
 * @example
 * ```ts
 * const ctx: EntityContext = { clock: fixedClock('2026-01-01T00:00:00Z'), ids: sequentialIdGenerator() };
 * ```
 */
export interface EntityContext extends CrmContext {
  readonly customFields?: CustomFieldRegistry;
}

/** The fields every entity carries besides its own. */
export const SYSTEM_FIELDS = ['id', 'createdAt', 'updatedAt', 'version'] as const;

const customFieldsSchema = /* @__PURE__ */ z.record(z.string(), z.unknown()).default({});

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

  const toIssues = (error: z.core.$ZodError): CrmIssue[] =>
    error.issues.map((i) => {
      const custom = (i as unknown as { params?: { code?: unknown } }).params?.code;
      return {
        path: i.path.map((p): PathSegment => (typeof p === 'symbol' ? String(p) : p)),
        message: i.message,
        code: i.code === 'custom' && isCrmIssueCode(custom) ? custom : i.code,
      };
    });

  const finish = (candidate: unknown, ctx: EntityContext | undefined, what: string): Result<Entity> => {
    const parsed = schema.safeParse(candidate);
    const issues: CrmIssue[] = parsed.success ? [] : toIssues(parsed.error);
    const raw =
      (candidate !== null && typeof candidate === 'object'
        ? (candidate as { customFields?: unknown }).customFields
        : undefined) ?? {};
    const custom = validateCustomFields(raw, ctx?.customFields?.[kind]);
    for (const i of custom.issues) if (!issues.some((x) => samePath(x.path, i.path))) issues.push(i);
    if (!parsed.success || issues.length > 0) {
      return err(
        new CrmError(
          'validation_failed',
          `${what} is invalid: ${issues.length} issue${issues.length === 1 ? '' : 's'}; first at ${describe(issues[0]!)}`,
          {
            issues,
            cause: parsed.success ? undefined : parsed.error,
          },
        ),
      );
    }
    return ok(deepFreeze({ ...(parsed.data as object), customFields: custom.value } as Entity));
  };

  return {
    kind,
    fields,
    schema,
    create(input: Input, ctx?: EntityContext): Result<Entity> {
      if (input === null || typeof input !== 'object' || Array.isArray(input)) {
        return err(
          new CrmError('validation_failed', `${label} input must be an object`, {
            issues: [{ path: [], message: 'Expected an object', code: 'invalid_type' }],
          }),
        );
      }
      const system = SYSTEM_FIELDS.filter((f) => f in input);
      if (system.length > 0) {
        return err(
          new CrmError(
            'validation_failed',
            `${label} input must not set ${system.join(', ')}: create${label} fills them from the context`,
            {
              issues: system.map((f) => ({
                path: [f],
                message: `${f} is set by create${label}`,
                code: 'unrecognized_keys',
              })),
            },
          ),
        );
      }
      const { clock, ids, actor } = resolveContext(ctx);
      const now = clock.now();
      const candidate: Record<string, unknown> = {
        ...input,
        id: ids.next(kind),
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      return finish(hooks.onCreate === undefined ? candidate : hooks.onCreate(candidate, actor), ctx, label);
    },
    parse(input: unknown, ctx?: EntityContext): Result<Entity> {
      return finish(input, ctx, label);
    },
    update(entity: Entity, recipe: (draft: Entity) => void, ctx?: EntityContext): Result<Entity> {
      let next: Entity;
      try {
        next = produce(entity, (draft) => {
          const returned = recipe(draft as Entity) as unknown;
          if (returned !== undefined)
            throw new TypeError(`update${label}: the recipe must change the draft and return nothing`);
        }) as Entity;
      } catch (cause) {
        if (cause instanceof CrmError) return err(cause);
        throw cause;
      }
      const before = entity as unknown as Record<string, unknown>;
      const after = next as unknown as Record<string, unknown>;
      const touched = (['id', 'createdAt', 'version'] as const).filter((f) => !sameValue(before[f], after[f]));
      if (touched.length > 0) {
        return err(
          new CrmError('validation_failed', `update${label}: ${touched.join(', ')} cannot be changed`, {
            issues: touched.map((f) => ({ path: [f], message: `${f} is immutable`, code: 'immutable_field' })),
          }),
        );
      }
      const { clock } = resolveContext(ctx);
      return finish(
        { ...after, version: (entity as unknown as { version: number }).version + 1, updatedAt: clock.now() },
        ctx,
        label,
      );
    },
  };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return Object.is(a, b);
}

function samePath(a: readonly PathSegment[], b: readonly PathSegment[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function describe(issue: CrmIssue): string {
  return `${formatPath(issue.path)}: ${issue.message}`;
}

/** The id type an entity kind's schema produces. */
export type IdOf<K extends EntityKind> = Id<K>;
