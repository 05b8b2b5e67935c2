/**
 * The write rules of bulk writes (`insertMany`, `upsertMany`), shared by every store: each entity is
 * checked as `insert` checks one, and the call fails as a whole, naming the entity by its index.
 *
 * @module
 */
import { CrmError, prefixIssues, type CrmIssue } from '../core/errors.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { thrownText } from '../_lib/show.js';
import { ENTITY_FIELDS } from '../conditions/catalog.js';
import type { CustomFieldRegistry } from '../entities/index.js';
import { checkWrite, isStorableId, type StoredEntity } from './checkWrite.js';
import { REPOSITORY_KINDS, type RepositoryName, type StoreContext } from './ports.js';
import { validateContext } from './validate.js';

/**
 * A bulk write to check: the operation, repository, context, entities and (for `upsertMany`) options,
 * as given (anything: they are checked).
 *
 * @example
 * ```ts
 * declare const responses: readonly SurveyResponse[];
 * const request: BulkWriteRequest = { operation: 'insertMany', repository: 'surveyResponses', ctx: { tenantId: 'acme' }, entities: responses };
 * ```
 */
export interface BulkWriteRequest {
  /** `insertMany` or `upsertMany`. */
  readonly operation: 'insertMany' | 'upsertMany';
  /** The repository written. */
  readonly repository: RepositoryName;
  /** The store context. */
  readonly ctx: unknown;
  /** The entities (an array). */
  readonly entities: unknown;
  /** `upsertMany`'s options `{ key }`; ignored by `insertMany`. */
  readonly options?: unknown;
  /** The custom-field definitions of the store, which every written entity is validated against. */
  readonly customFields?: CustomFieldRegistry | undefined;
}

/**
 * A checked bulk write: a frozen copy of the context, the parsed entities (deep-frozen copies, in the
 * order given), the key field (`'id'` for `insertMany`) and each entity's key value.
 *
 * @example
 * ```ts
 * const c: CheckedBulkWrite = { operation: 'insertMany', ctx: { tenantId: 'acme' }, entities: [], key: 'id', keys: [] };
 * ```
 */
export interface CheckedBulkWrite<E extends StoredEntity = StoredEntity> {
  /** The operation checked. */
  readonly operation: 'insertMany' | 'upsertMany';
  /** The checked context. */
  readonly ctx: StoreContext;
  /** The parsed entities, in the order given. */
  readonly entities: readonly E[];
  /** The field that identifies the record an entity replaces (`'id'` for `insertMany`). */
  readonly key: string;
  /** The key value of each entity, in the same order. */
  readonly keys: readonly string[];
}

/** Invalid entities reported one by one, up to this many. */
const MAX_REPORTED = 100;

/** The fields an upsert may key on: `id` and the entity's text fields. */
function keyFields(repository: RepositoryName): string[] {
  const fields = ENTITY_FIELDS[REPOSITORY_KINDS[repository]] as Readonly<Record<string, string>>;
  return ['id', ...Object.keys(fields).filter((f) => f !== 'id' && fields[f] === 'text')];
}

function checkKey(repository: RepositoryName, options: unknown): Result<string> {
  const what = `upsertMany(ctx, entities, { key }) of ${REPOSITORY_KINDS[repository]}`;
  const unknownKeys = checkOptionKeys(options, ['key'], ['options']);
  if (unknownKeys.length > 0) return err(invalidInput(what, unknownKeys));
  const key = options === undefined || options === null ? undefined : (options as { key?: unknown }).key;
  const allowed = keyFields(repository);
  if (typeof key !== 'string' || !allowed.includes(key))
    return err(invalidInput(what, [crmIssue.invalidValue(['options', 'key'], 'a key field', key, allowed)]));
  return ok(key);
}

/**
 * Checks a bulk write before a store writes, as both built-in stores do: the context
 * (`validateContext`), `entities` (an array), every entity as `insert` checks one ({@link checkWrite}:
 * its `parse*` function, the custom fields, storable text), and for `upsertMany` the options (`{ key }`:
 * `'id'` or a text field of the entity; unknown keys refused) and each entity's key value (text a
 * record id could be). Two entities with the same id, or the same key value, are refused (`duplicate`).
 *
 * Every problem is an issue whose path starts with the entity's index (`[3, 'score']`); the first 100
 * invalid entities are reported. Returns what the store writes, or `validation_failed` (the store then
 * writes nothing). Never throws.
 *
 * @example
 * ```ts
 * const response = unwrap(createSurveyResponse({ kind: 'nps', score: 9, answeredAt: new Date('2026-03-01T00:00:00Z') }));
 * const r = checkBulkWrite({ operation: 'insertMany', repository: 'surveyResponses', ctx: { tenantId: 'acme' }, entities: [response, { ...response, score: 11 }] });
 * if (!r.ok) r.error.issues[0]?.path[0]; //=> 1
 * ```
 */
export function checkBulkWrite(request: BulkWriteRequest): Result<CheckedBulkWrite> {
  try {
    return check(request);
  } catch (e) {
    if (e instanceof CrmError) return err(e);
    return err(
      invalidInput('The bulk write', [crmIssue.of('invalid_type', [], `it could not be read: ${thrownText(e)}`)]),
    );
  }
}

function check(request: BulkWriteRequest): Result<CheckedBulkWrite> {
  const r = request as unknown as Record<string, unknown> | null;
  const operation = r === null || typeof r !== 'object' ? undefined : r['operation'];
  const repository = r === null || typeof r !== 'object' ? undefined : r['repository'];
  if (operation !== 'insertMany' && operation !== 'upsertMany')
    return err(
      invalidInput('The bulk write', [
        crmIssue.invalidValue(['operation'], 'unknown bulk operation', operation, ['insertMany', 'upsertMany']),
      ]),
    );
  if (typeof repository !== 'string' || !Object.prototype.hasOwnProperty.call(REPOSITORY_KINDS, repository))
    return err(
      invalidInput('The bulk write', [
        crmIssue.invalidValue(['repository'], 'unknown repository', repository, Object.keys(REPOSITORY_KINDS)),
      ]),
    );
  const repo = repository as RepositoryName;
  const kind = REPOSITORY_KINDS[repo];
  const ctx = validateContext(request.ctx);
  if (!ctx.ok) return ctx;
  let key = 'id';
  if (operation === 'upsertMany') {
    const k = checkKey(repo, request.options);
    if (!k.ok) return k;
    key = k.value;
  }
  const what = `${operation}(ctx, entities) of ${kind}`;
  const list = request.entities;
  if (!Array.isArray(list))
    return err(invalidInput(what, [crmIssue.invalidType(['entities'], `an array of ${kind} records`, list)]));
  const issues: CrmIssue[] = [];
  let bad = 0;
  const entities: StoredEntity[] = [];
  const keys: string[] = [];
  const seenIds = new Map<string, number>();
  const seenKeys = new Map<string, number>();
  const report = (i: number, found: readonly CrmIssue[]): void => {
    if (++bad <= MAX_REPORTED) issues.push(...prefixIssues(found, [i]));
  };
  // A plain loop visits holes of a sparse array too (as undefined: not a record).
  for (let i = 0; i < list.length; i++) {
    const checked = checkWrite({
      operation: 'insert',
      repository: repo,
      ctx: ctx.value,
      entity: list[i],
      customFields: request.customFields,
    });
    if (!checked.ok) {
      report(
        i,
        checked.error.issues.length > 0
          ? checked.error.issues
          : [crmIssue.of('invalid_value', [], checked.error.message)],
      );
      continue;
    }
    const entity = checked.value.entity;
    const id = entity.id;
    const firstId = seenIds.get(id);
    if (firstId !== undefined) {
      report(i, [crmIssue.of('duplicate', ['id'], `the same id as entity ${firstId}`)]);
      continue;
    }
    seenIds.set(id, i);
    const value = (entity as unknown as Record<string, unknown>)[key];
    if (key !== 'id') {
      if (typeof value !== 'string' || !isStorableId(value)) {
        report(i, [
          crmIssue.of(
            'invalid_value',
            [key],
            `the upsert key ${key} must be text a record id could be (not null or empty, without NUL or lone surrogates, at most 200 characters)`,
          ),
        ]);
        continue;
      }
      const firstKey = seenKeys.get(value);
      if (firstKey !== undefined) {
        report(i, [crmIssue.of('duplicate', [key], `the same ${key} as entity ${firstKey}`)]);
        continue;
      }
      seenKeys.set(value, i);
    }
    entities.push(entity);
    keys.push(key === 'id' ? id : (value as string));
  }
  if (bad > 0)
    return err(
      invalidInput(
        `${what} (${bad} of ${list.length} entities invalid${bad > MAX_REPORTED ? `, the first ${MAX_REPORTED} reported` : ''}; nothing was written)`,
        issues,
      ),
    );
  return ok(
    Object.freeze({
      operation,
      ctx: ctx.value,
      entities: Object.freeze(entities),
      key,
      keys: Object.freeze(keys),
    }),
  );
}
