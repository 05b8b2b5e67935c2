/**
 * Valid calls of the public functions of src/core, for the fuzzer (test/fuzz/fuzz.test.ts).
 */
import { z } from 'zod';
import { CrmError } from '../../../src/core/errors.js';
import { ok, err } from '../../../src/core/result.js';
import { fixedClock, sequentialIdGenerator } from '../../../src/index.js';
import { seeds, type SeedTable } from '../_spec.js';

const issue = () => ({ path: ['emails', 0], message: 'must be an email', code: 'invalid_format' });
const zodError = () => {
  const r = z.object({ email: z.email() }).safeParse({ email: 'x' });
  if (r.success) throw new Error('unreachable');
  return r.error;
};
const isZod = (o: object) => o instanceof z.ZodType || o instanceof z.ZodError;

export const CORE_SEEDS: SeedTable = {
  CrmError: {
    seeds: [() => ['validation_failed', 'Lead is invalid', { issues: [issue()] }], () => ['not_found', 'gone']],
  },
  isCrmError: seeds(
    () => [new CrmError('not_found', 'gone'), 'not_found'],
    () => [{ name: 'CrmError', code: 'conflict', issues: [] }],
  ),
  formatPath: seeds(() => [['emails', 0, 'address']]),
  ok: { seeds: [() => [{ a: [1, 2] }]], echoes: 'ok(x) holds the caller’s x as it is' },
  err: {
    seeds: [() => [new CrmError('not_found', 'gone')]],
    echoes: 'err(e) holds the caller’s e as it is',
    validIsError: 'err makes an error Result',
  },
  fail: {
    seeds: [() => ['validation_failed', 'Score out of range', [issue()]], () => ['conflict', 'stale', [], 'cause']],
    validIsError: 'fail makes an error Result',
    throws: {
      args: [0, 1, 2],
      reason: 'fail with an undocumented code or malformed issues is a programmer error (@throws)',
    },
  },
  unwrap: {
    seeds: [() => [ok({ a: 1 })]],
    echoes: 'unwrap gives back the value the caller put in the Result',
    rethrows: 'unwrap throws the error of a failed Result, as it is',
  },
  mapResult: {
    seeds: [() => [ok(2), (x: unknown) => [x]], () => [err(new CrmError('not_found', 'gone')), (x: number) => x]],
    echoes: 'mapResult gives back what the caller’s function returns',
    validIsError: 'mapResult passes a failed Result through',
    rethrows: 'mapResult lets what the caller’s function throws through',
    throws: {
      args: [0, 1],
      reason: 'a value that is not a Result, or fn not a function, is a programmer error (@throws)',
    },
  },
  randomIdGenerator: seeds(() => []),
  sequentialIdGenerator: seeds(
    () => ['lead_'],
    () => [],
  ),
  systemClock: seeds(() => []),
  fixedClock: seeds(
    () => ['2024-01-01T00:00:00Z', 1000],
    () => [new Date(Date.UTC(2024, 0, 1))],
  ),
  resolveContext: {
    seeds: [() => [{ clock: fixedClock('2024-01-01T00:00:00Z'), ids: sequentialIdGenerator('x_') }], () => []],
    echoes: 'resolveContext passes the caller’s clock, ids and actor on as given (the create* functions check them)',
  },
  fromZodError: seeds(() => [zodError(), 'Lead']),
  safeParseResult: {
    seeds: [() => [z.object({ email: z.email() }), { email: 'a@b.co' }, 'Lead']],
    opaque: { is: isZod, reason: 'a zod schema caches its compiled parser on itself when first used' },
    throws: {
      args: [0, 2],
      reason: 'a schema that is not a zod schema, or a label that is not text, is a programmer error (@throws)',
    },
  },
  IssueList: seeds(() => []),
  checkOptionKeys: seeds(() => [{ period: 'x' }, ['period', 'asOf'], ['options']]),
  invalidInput: seeds(() => ['Lead', [issue()], 3]),
  isCrmIssueCode: seeds(() => ['invalid_type']),
  prefixIssues: seeds(() => [[issue()], ['lead']]),
};
