import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  CrmError,
  CRM_ERROR_CODES,
  isCrmError,
  formatPath,
  prefixIssues,
  type CrmIssue,
} from '../../src/core/index.js';

const issue = (path: (string | number)[], code: CrmIssue['code'] = 'invalid_type'): CrmIssue => ({
  path,
  message: `bad at ${path.join('/')}`,
  code,
});

describe('CrmError', () => {
  it('carries code, message, issues, cause and a stable name', () => {
    const cause = new TypeError('boom');
    const e = new CrmError('validation_failed', 'Lead is invalid', { issues: [issue(['email'])], cause });
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(CrmError);
    expect(e.name).toBe('CrmError');
    expect(e.code).toBe('validation_failed');
    expect(e.message).toBe('Lead is invalid');
    expect(e.issues).toEqual([issue(['email'])]);
    expect(e.cause).toBe(cause);
    expect(typeof e.stack).toBe('string');
  });

  it('defaults to no issues and no cause', () => {
    const e = new CrmError('not_found', 'No deal d1');
    expect(e.issues).toEqual([]);
    expect('cause' in e).toBe(false);
  });

  it('copies and freezes the issues, so changing the input later does not change the error', () => {
    const path: (string | number)[] = ['emails', 0];
    const issues = [{ path, message: 'bad', code: 'invalid_format' as const }];
    const e = new CrmError('validation_failed', 'x', { issues });
    path.push('address');
    issues.push({ path: ['other'], message: 'm', code: 'invalid_format' });
    expect(e.issues).toEqual([{ path: ['emails', 0], message: 'bad', code: 'invalid_format' }]);
    expect(Object.isFrozen(e.issues)).toBe(true);
    expect(Object.isFrozen(e.issues[0])).toBe(true);
    expect(Object.isFrozen(e.issues[0]!.path)).toBe(true);
  });

  it('serializes to { name, code, message, issues } without the cause', () => {
    const e = new CrmError('conflict', 'Version 3 expected', {
      issues: [issue(['version'], 'stale_version')],
      cause: new Error('db'),
    });
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      name: 'CrmError',
      code: 'conflict',
      message: 'Version 3 expected',
      issues: [{ path: ['version'], message: 'bad at version', code: 'stale_version' }],
    });
  });

  it('lists every code as unique snake_case strings, including the ones the guide names', () => {
    expect(new Set(CRM_ERROR_CODES).size).toBe(CRM_ERROR_CODES.length);
    for (const c of CRM_ERROR_CODES) expect(c).toMatch(/^[a-z]+(?:_[a-z]+)*$/);
    for (const c of [
      'validation_failed',
      'invalid_transition',
      'guard_rejected',
      'currency_mismatch',
      'not_found',
      'conflict',
      'forbidden',
      'insufficient_data',
      'adapter_failure',
    ]) {
      expect(CRM_ERROR_CODES).toContain(c);
    }
  });
});

describe('isCrmError', () => {
  it('recognises a CrmError, with or without a code', () => {
    const e = new CrmError('currency_mismatch', 'USD vs EUR');
    expect(isCrmError(e)).toBe(true);
    expect(isCrmError(e, 'currency_mismatch')).toBe(true);
    expect(isCrmError(e, 'validation_failed')).toBe(false);
  });

  it('accepts a CrmError from another copy of the package (same shape, other class)', () => {
    class OtherCrmError extends Error {
      override readonly name = 'CrmError';
      readonly code = 'not_found';
    }
    expect(isCrmError(new OtherCrmError('x'), 'not_found')).toBe(true);
  });

  it('refuses other errors and non-errors', () => {
    expect(isCrmError(new Error('x'))).toBe(false);
    expect(isCrmError(new RangeError('x'))).toBe(false);
    expect(isCrmError({ name: 'CrmError', code: 'not_found', message: 'x' })).toBe(false);
    expect(isCrmError(null)).toBe(false);
    expect(isCrmError(undefined)).toBe(false);
    expect(isCrmError('CrmError')).toBe(false);
    const noCode = new Error('x');
    noCode.name = 'CrmError';
    expect(isCrmError(noCode)).toBe(false);
  });
});

describe('formatPath', () => {
  it('formats keys with dots and indexes with brackets', () => {
    expect(formatPath([])).toBe('(root)');
    expect(formatPath(['email'])).toBe('email');
    expect(formatPath(['emails', 0])).toBe('emails[0]');
    expect(formatPath(['emails', 0, 'address'])).toBe('emails[0].address');
    expect(formatPath([2, 'amount'])).toBe('[2].amount');
    expect(formatPath(['matrix', 1, 2])).toBe('matrix[1][2]');
  });
});

describe('prefixIssues', () => {
  it('prefixes every path and leaves the input untouched', () => {
    const input = [issue(['amount']), issue([])];
    const before = structuredClone(input);
    const out = prefixIssues(input, ['lines', 2]);
    expect(out.map((i) => i.path)).toEqual([
      ['lines', 2, 'amount'],
      ['lines', 2],
    ]);
    expect(out.map((i) => [i.message, i.code])).toEqual(input.map((i) => [i.message, i.code]));
    expect(input).toEqual(before);
  });

  it('property: the new path is prefix ++ old path, for every issue', () => {
    const seg = fc.oneof(fc.string({ maxLength: 5 }), fc.nat(20));
    fc.assert(
      fc.property(
        fc.array(fc.array(seg, { maxLength: 4 }), { maxLength: 5 }),
        fc.array(seg, { maxLength: 4 }),
        (paths, prefix) => {
          const out = prefixIssues(
            paths.map((p) => issue(p)),
            prefix,
          );
          expect(out.map((i) => i.path)).toEqual(paths.map((p) => [...prefix, ...p]));
        },
      ),
    );
  });
});
