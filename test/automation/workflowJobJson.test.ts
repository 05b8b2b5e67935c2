/**
 * workflowJobToJson / workflowJobFromJson: the JSON form of a workflow job that a queue on a
 * database stores (the pg-boss queue).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { workflowJobFromJson, workflowJobToJson, type WorkflowJob } from '../../src/automation/index.js';
import { isCrmError } from '../../src/core/errors.js';

const T0 = new Date('2026-03-02T09:00:00.000Z');

function job(params: Record<string, unknown>): WorkflowJob {
  return {
    tenantId: 'acme',
    attempt: 1,
    plan: {
      workflowId: 'sql-handoff',
      stepId: 'tell',
      type: 'notify',
      params: params as WorkflowJob['plan']['params'],
      runAt: T0,
      idempotencyKey: 'sql-handoff:lead:l1@2:tell',
      because: ['trigger: lead l1 status changed (event lead:l1@2)'],
      eventId: 'lead:l1@2',
      record: { kind: 'lead', id: 'l1' },
      depth: 0,
    },
  };
}

/** What a value refused by workflowJobToJson threw: its code and the issues' paths. */
function refused(f: () => unknown): { code: string; paths: unknown[] } {
  try {
    f();
  } catch (e) {
    if (isCrmError(e)) return { code: e.code, paths: e.issues.map((i) => i.path) };
    throw e;
  }
  throw new Error('expected workflowJobToJson to throw');
}

describe('workflowJobToJson', () => {
  it('gives JSON that reads back as the same job (a Date in the parameters as its ISO text)', () => {
    const j = job({ to: ['u1'], message: 'A lead qualified', patch: { followUpAt: new Date('2026-03-03T09:00:00Z') } });
    const json = workflowJobToJson(j);
    expect(json.plan['runAt']).toBe('2026-03-02T09:00:00.000Z');
    expect(json.plan['params']).toEqual({
      to: ['u1'],
      message: 'A lead qualified',
      patch: { followUpAt: '2026-03-03T09:00:00.000Z' },
    });
    const back = workflowJobFromJson(JSON.parse(JSON.stringify(json)));
    expect(back.ok).toBe(true);
    if (back.ok) {
      expect(back.value.plan.runAt).toEqual(T0);
      expect(back.value.plan.params).toEqual(json.plan['params']);
      expect({ ...back.value, plan: { ...back.value.plan, params: null } }).toEqual({
        ...j,
        plan: { ...j.plan, params: null },
      });
    }
  });

  it('is frozen and holds a copy of the parameters (changing the input later changes nothing)', () => {
    const params = { tags: ['a'], nested: { n: 1 } };
    const input = job(params);
    const json = workflowJobToJson(input);
    // The input is not frozen by the call.
    expect(Object.isFrozen(input.plan.because) || Object.isFrozen(input.plan.record)).toBe(false);
    expect(Object.isFrozen(json)).toBe(true);
    expect(Object.isFrozen(json.plan)).toBe(true);
    expect(Object.isFrozen(json.plan['params'])).toBe(true);
    params.tags.push('b');
    params.nested.n = 2;
    expect(json.plan['params']).toEqual({ tags: ['a'], nested: { n: 1 } });
  });

  it('refuses NaN, ±Infinity and an invalid Date in the parameters (JSON would turn them into null), with the path', () => {
    for (const [bad, path] of [
      [{ amount: Number.NaN }, ['plan', 'params', 'amount']],
      [{ list: [1, Number.POSITIVE_INFINITY] }, ['plan', 'params', 'list', 1]],
      [{ patch: { dueAt: new Date(Number.NaN) } }, ['plan', 'params', 'patch', 'dueAt']],
      [{ n: Number.NEGATIVE_INFINITY }, ['plan', 'params', 'n']],
    ] as const)
      expect(refused(() => workflowJobToJson(job(bad)))).toEqual({ code: 'validation_failed', paths: [path] });
  });

  it('refuses a job whose fields are wrong', () => {
    const j = job({});
    expect(refused(() => workflowJobToJson({ ...j, plan: { ...j.plan, runAt: new Date(Number.NaN) } })).code).toBe(
      'validation_failed',
    );
    expect(refused(() => workflowJobToJson({ ...j, attempt: -1 })).paths).toEqual([['attempt']]);
    expect(refused(() => workflowJobToJson(null as unknown as WorkflowJob)).code).toBe('validation_failed');
  });

  it('property: any finite JSON-like parameters round-trip through JSON text exactly', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue()), (params) => {
        const json = workflowJobToJson(job(params));
        const back = workflowJobFromJson(JSON.parse(JSON.stringify(json)));
        expect(back.ok).toBe(true);
        if (back.ok) expect(back.value.plan.params).toEqual(JSON.parse(JSON.stringify(params)));
      }),
    );
  });
});

describe('workflowJobFromJson', () => {
  it('refuses malformed JSON with a path per field', () => {
    const r = workflowJobFromJson({
      tenantId: '',
      attempt: 1.5,
      plan: {
        workflowId: 'w',
        stepId: 's',
        type: 't',
        idempotencyKey: 'k',
        eventId: 'e',
        runAt: 'soon',
        params: [],
        because: [1],
        record: { kind: 'x', id: 'l' },
        depth: -1,
      },
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error.issues.map((i) => i.path)).toEqual([
        ['tenantId'],
        ['attempt'],
        ['plan', 'runAt'],
        ['plan', 'params'],
        ['plan', 'because'],
        ['plan', 'record'],
        ['plan', 'depth'],
      ]);
  });
});
