/**
 * The write rules every store keeps, in one place: the context check, entity validation (with the
 * text a store cannot hold), the write options and the version rule. The memory store and the
 * PostgreSQL adapter both call {@link checkWrite}; so can a third-party adapter, which then refuses
 * exactly what they refuse, with the same errors.
 *
 * @module
 */
import { CrmError, type CrmIssue, type PathSegment } from '../core/errors.js';
import { checkOptionKeys, crmIssue, invalidInput } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import type { CustomFieldRegistry } from '../entities/index.js';
import { hasLoneSurrogate } from '../_lib/text.js';
import { ENTITY_PARSERS } from './parsers.js';
import { REPOSITORY_KINDS, type RepositoryName, type StoreContext } from './ports.js';
import { validateContext } from './validate.js';

/**
 * What every stored entity has: an id and a version.
 *
 * @example
 * ```ts
 * const e: StoredEntity = { id: 'deal-1', version: 1 };
 * ```
 */
export interface StoredEntity {
  readonly id: string;
  readonly version: number;
}

/**
 * An `insert` to check: the store context, the repository and the entity (anything: it is
 * validated), plus the store's custom-field definitions.
 *
 * @example
 * ```ts
 * declare const deal: Deal;
 * const request: InsertRequest = { operation: 'insert', repository: 'deals', ctx: { tenantId: 'acme' }, entity: deal };
 * ```
 */
export interface InsertRequest {
  readonly operation: 'insert';
  readonly repository: RepositoryName;
  readonly ctx: unknown;
  readonly entity: unknown;
  /** The custom-field definitions of the store, which every written entity is validated against. */
  readonly customFields?: CustomFieldRegistry | undefined;
}

/**
 * An `update` to check: as {@link InsertRequest}, plus the caller's write options
 * (`{ expectedVersion }`).
 *
 * @example
 * ```ts
 * declare const next: Deal; // from updateDeal: version 2
 * const request: UpdateRequest = { operation: 'update', repository: 'deals', ctx: { tenantId: 'acme' }, entity: next, options: { expectedVersion: 1 } };
 * ```
 */
export interface UpdateRequest {
  readonly operation: 'update';
  readonly repository: RepositoryName;
  readonly ctx: unknown;
  readonly entity: unknown;
  readonly options: unknown;
  /** The custom-field definitions of the store, which every written entity is validated against. */
  readonly customFields?: CustomFieldRegistry | undefined;
}

/**
 * A `delete` to check: the store context, the repository, the id and the caller's write options.
 *
 * @example
 * ```ts
 * const request: DeleteRequest = { operation: 'delete', repository: 'deals', ctx: { tenantId: 'acme' }, id: 'deal-1', options: { expectedVersion: 2 } };
 * ```
 */
export interface DeleteRequest {
  readonly operation: 'delete';
  readonly repository: RepositoryName;
  readonly ctx: unknown;
  readonly id: unknown;
  readonly options: unknown;
}

/**
 * Any write to check; see {@link checkWrite}.
 *
 * @example
 * ```ts
 * const request: WriteRequest = { operation: 'delete', repository: 'leads', ctx: { tenantId: 'acme' }, id: 'lead-1', options: { expectedVersion: 1 } };
 * ```
 */
export type WriteRequest = InsertRequest | UpdateRequest | DeleteRequest;

/**
 * A checked `insert`: a frozen copy of the context, and the entity as its `parse*` function returned
 * it (normalised, deep-frozen, copied from the caller's object). Store exactly this entity.
 *
 * @example
 * ```ts
 * const c: CheckedInsert = { operation: 'insert', ctx: { tenantId: 'acme' }, entity: { id: 'd1', version: 1 } };
 * ```
 */
export interface CheckedInsert<E extends StoredEntity = StoredEntity> {
  readonly operation: 'insert';
  readonly ctx: StoreContext;
  readonly entity: E;
}

/**
 * A checked `update`: as {@link CheckedInsert}, plus the expected version (the entity's version is
 * `expectedVersion + 1`). Store the entity only if the stored record is at `expectedVersion`.
 *
 * @example
 * ```ts
 * const c: CheckedUpdate = { operation: 'update', ctx: { tenantId: 'acme' }, entity: { id: 'd1', version: 2 }, expectedVersion: 1 };
 * ```
 */
export interface CheckedUpdate<E extends StoredEntity = StoredEntity> {
  readonly operation: 'update';
  readonly ctx: StoreContext;
  readonly entity: E;
  readonly expectedVersion: number;
}

/**
 * A checked `delete`: a frozen copy of the context, the id (a string that a record can have) and the
 * expected version.
 *
 * @example
 * ```ts
 * const c: CheckedDelete = { operation: 'delete', ctx: { tenantId: 'acme' }, id: 'd1', expectedVersion: 2 };
 * ```
 */
export interface CheckedDelete {
  readonly operation: 'delete';
  readonly ctx: StoreContext;
  readonly id: string;
  readonly expectedVersion: number;
}

const WRITE_OPTION_KEYS = ['expectedVersion'] as const;
const MAX_ID_LENGTH = 200;

/**
 * Whether a value is an id a stored record can have: a string of 1 to 200 characters without
 * surrounding spaces, NUL characters or lone UTF-16 surrogates (what the entity id schemas accept).
 * A read of any other id finds nothing, in every store (PostgreSQL would otherwise read `'a\uD800'`
 * as `'a\uFFFD'`).
 *
 * @example
 * ```ts
 * isStorableId('deal-1'); //=> true
 * isStorableId('deal-\uD800'); //=> false
 * isStorableId(1n); //=> false
 * ```
 */
export function isStorableId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_ID_LENGTH &&
    value.trim() === value &&
    !value.includes('\u0000') &&
    !hasLoneSurrogate(value)
  );
}

/**
 * The first text inside a parsed entity that no store may hold, as an issue: a NUL character
 * anywhere (PostgreSQL text cannot hold it), or an object key with a lone UTF-16 surrogate (keys
 * are keys: PostgreSQL would merge `'a\uD800'` and `'a\uDC00'`). Text *values* with lone surrogates
 * are allowed and kept exactly. Iterative, so any nesting depth is safe.
 */
function unstorableText(value: unknown): CrmIssue | null {
  const stack: { v: unknown; path: readonly PathSegment[] }[] = [{ v: value, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000'))
        return crmIssue.of('invalid_format', path, 'text must not contain NUL (\\u0000) characters');
      continue;
    }
    if (v === null || typeof v !== 'object' || v instanceof Date) continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, i] });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      if (k.includes('\u0000'))
        return crmIssue.of('invalid_key', [...path, k], 'keys must not contain NUL (\\u0000) characters');
      if (hasLoneSurrogate(k))
        return crmIssue.of(
          'invalid_key',
          [...path, k],
          'keys must be well-formed Unicode text (no lone UTF-16 surrogate)',
        );
      stack.push({ v: (v as Record<string, unknown>)[k], path: [...path, k] });
    }
  }
  return null;
}

function validateEntity(
  repository: RepositoryName,
  entity: unknown,
  customFields: CustomFieldRegistry | undefined,
): Result<StoredEntity> {
  const kind = REPOSITORY_KINDS[repository];
  let parsed: Result<StoredEntity>;
  try {
    const copy: unknown = structuredClone(entity);
    parsed = ENTITY_PARSERS[repository](copy, customFields === undefined ? undefined : { customFields });
  } catch (cause) {
    return err(
      new CrmError(
        'validation_failed',
        `The ${kind} cannot be stored: it holds values that are not data (functions, symbols, …) or nests too deeply`,
        { issues: [crmIssue.invalidType([], `a ${kind} record`, entity)], cause },
      ),
    );
  }
  if (!parsed.ok) return parsed;
  const bad = unstorableText(parsed.value);
  if (bad !== null) return err(invalidInput(`The ${kind}`, [bad]));
  return parsed;
}

function checkExpectedVersion(options: unknown): Result<number> {
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    return err(invalidInput('Write options', [crmIssue.invalidType([], 'write options { expectedVersion }', options)]));
  const unknownKeys = checkOptionKeys(options, WRITE_OPTION_KEYS);
  if (unknownKeys.length > 0) return err(invalidInput('Write options', unknownKeys));
  const v = (options as { expectedVersion?: unknown }).expectedVersion;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1)
    return err(invalidInput('Write options', [crmIssue.invalidType(['expectedVersion'], 'an integer ≥ 1', v)]));
  return ok(v);
}

function checkId(id: unknown): Result<string> {
  if (typeof id !== 'string') return err(invalidInput('The id', [crmIssue.invalidType(['id'], 'a string', id)]));
  if (id.includes('\u0000') || hasLoneSurrogate(id))
    return err(
      invalidInput('The id', [
        crmIssue.of('invalid_id', ['id'], 'ids are well-formed Unicode text without NUL characters or lone surrogates'),
      ]),
    );
  return ok(id);
}

const isRepositoryName = (v: unknown): v is RepositoryName =>
  typeof v === 'string' && Object.prototype.hasOwnProperty.call(REPOSITORY_KINDS, v);

/**
 * Checks a write before a store performs it — the rules of the ports, shared by every store:
 *
 * 1. the context, with {@link validateContext} (tenant and actor: non-empty, at most 200
 *    characters, no surrounding spaces, NUL characters or lone UTF-16 surrogates);
 * 2. for `update` and `delete`, the write options: exactly `{ expectedVersion }`, a safe integer
 *    ≥ 1 (unknown keys refused);
 * 3. for `insert` and `update`, the entity: copied (`structuredClone`), validated with its
 *    repository's `parse*` function against the custom-field definitions, and refused when it holds
 *    text no store may hold (NUL anywhere; an object key with a lone surrogate — ids and references
 *    with one are refused by the id schemas);
 * 4. for `update`, the version rule: `entity.version === expectedVersion + 1`;
 * 5. for `delete`, the id: a string without NUL characters or lone surrogates.
 *
 * Returns the first failing step as `validation_failed` (never throws, whatever it is given), or
 * what to store: a frozen copy of the context and the parsed entity (or the id) with the expected
 * version. What remains for the store is what only it can know — whether the id is taken
 * ({@link conflictError}), missing ({@link notFoundError}) or at another version.
 *
 * @example
 * ```ts
 * declare const next: Deal; // from updateDeal: version 2
 * function updateDeal(ctx: unknown): Result<StoredEntity> {
 *   const c = checkWrite({ operation: 'update', repository: 'deals', ctx, entity: next, options: { expectedVersion: 1 } });
 *   if (!c.ok) return c; // validation_failed, nothing written
 *   // UPDATE … WHERE tenant_id = c.value.ctx.tenantId AND id = c.value.entity.id AND version = c.value.expectedVersion
 *   return ok(c.value.entity);
 * }
 * ```
 */
export function checkWrite(request: InsertRequest): Result<CheckedInsert>;
export function checkWrite(request: UpdateRequest): Result<CheckedUpdate>;
export function checkWrite(request: DeleteRequest): Result<CheckedDelete>;
export function checkWrite(request: WriteRequest): Result<CheckedInsert | CheckedUpdate | CheckedDelete>;
export function checkWrite(request: WriteRequest): Result<CheckedInsert | CheckedUpdate | CheckedDelete> {
  const r = request as unknown as Partial<Record<string, unknown>> | null | undefined;
  const operation = r === null || typeof r !== 'object' ? undefined : r['operation'];
  const repository = r === null || typeof r !== 'object' ? undefined : r['repository'];
  if (operation !== 'insert' && operation !== 'update' && operation !== 'delete')
    return err(
      invalidInput('The write request', [
        crmIssue.invalidValue(['operation'], 'unknown write operation', operation, ['insert', 'update', 'delete']),
      ]),
    );
  if (!isRepositoryName(repository))
    return err(
      invalidInput('The write request', [
        crmIssue.invalidValue(['repository'], 'unknown repository', repository, Object.keys(REPOSITORY_KINDS)),
      ]),
    );
  const ctx = validateContext(request.ctx);
  if (!ctx.ok) return ctx;
  if (request.operation === 'delete') {
    const expected = checkExpectedVersion(request.options);
    if (!expected.ok) return expected;
    const id = checkId(request.id);
    if (!id.ok) return id;
    return ok(Object.freeze({ operation: 'delete', ctx: ctx.value, id: id.value, expectedVersion: expected.value }));
  }
  let expectedVersion: number | null = null;
  if (request.operation === 'update') {
    const expected = checkExpectedVersion(request.options);
    if (!expected.ok) return expected;
    expectedVersion = expected.value;
  }
  const entity = validateEntity(repository, request.entity, request.customFields);
  if (!entity.ok) return entity;
  if (expectedVersion === null) return ok(Object.freeze({ operation: 'insert', ctx: ctx.value, entity: entity.value }));
  if (entity.value.version !== expectedVersion + 1) {
    const kind = REPOSITORY_KINDS[repository];
    return err(
      new CrmError(
        'validation_failed',
        `The updated ${kind} must carry version ${expectedVersion + 1} (expectedVersion + 1); it has ${entity.value.version}. Build it with update*, which bumps the version`,
        { issues: [crmIssue.invalidValue(['version'], `expected ${expectedVersion + 1}`, entity.value.version)] },
      ),
    );
  }
  return ok(Object.freeze({ operation: 'update', ctx: ctx.value, entity: entity.value, expectedVersion }));
}
