/**
 * A probability whose source is 'stage' is always the stage's probability in the pipeline used,
 * however the deal was made (issue 11 §6).
 */
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../src/core/result.js';
import { createDeal, convertLead, createLead } from '../../src/entities/index.js';
import {
  b2bPipeline,
  dealProbability,
  forecast,
  openDeal,
  saasRenewalPipeline,
  weightedPipelineValue,
} from '../../src/pipeline/index.js';
import { ctxAt } from './_fixtures.js';

const amount = { amount: '1000.00', currency: 'EUR' };

describe('stage probability (issue 11 §6)', () => {
  it('createDeal in qualification: weightedPipelineValue counts the open 1,000 deal at 20 %, not 0', () => {
    const d = unwrap(createDeal({ name: 'D', pipelineId: 'b2b', stageId: 'qualification', amount }, ctxAt()));
    expect(d.probability).toEqual({ value: 0, source: 'stage' }); // the record does not know the pipeline
    expect(dealProbability(b2bPipeline, d)).toBe(0.2);
    expect(unwrap(weightedPipelineValue(b2bPipeline, [d], { currency: 'EUR' }))).toEqual({
      amount: '200.00',
      currency: 'EUR',
    });
  });

  it('a deal made by convertLead gets the same value', () => {
    const lead = unwrap(createLead({ lastName: 'L', email: 'l@example.com', status: 'qualified' }, ctxAt()));
    const { deal } = unwrap(
      convertLead(lead, { deal: { pipelineId: 'b2b', stageId: 'qualification', amount } }, ctxAt()),
    );
    expect(unwrap(weightedPipelineValue(b2bPipeline, [deal!], { currency: 'EUR' })).amount).toBe('200.00');
  });

  it('the forecast weights it the same way', () => {
    const d = unwrap(
      createDeal(
        { name: 'D', pipelineId: 'b2b', stageId: 'negotiation', amount, expectedCloseDate: '2026-02-10' },
        ctxAt(),
      ),
    );
    const f = unwrap(
      forecast(b2bPipeline, [d], {
        period: { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-04-01T00:00:00Z') },
        by: 'quarter',
        currency: 'EUR',
      }),
    );
    expect(f.total.categories.commit.weighted).toEqual({ amount: '800.00', currency: 'EUR' });
  });

  it('a stale stage value (the stage probability changed since) follows the pipeline; manual and model values are kept', () => {
    const stale = { ...unwrap(openDeal(b2bPipeline, { name: 'D', stageId: 'proposal', amount }, ctxAt())) };
    const d = { ...stale, probability: { value: 0.9, source: 'stage' as const } };
    expect(dealProbability(b2bPipeline, d)).toBe(0.5);
    expect(dealProbability(b2bPipeline, { ...d, probability: { value: 0.9, source: 'manual' } })).toBe(0.9);
    expect(dealProbability(b2bPipeline, { ...d, probability: { value: 0.7, source: 'model' } })).toBe(0.7);
    // another pipeline's deal: its own value
    expect(dealProbability(saasRenewalPipeline, d)).toBe(0.9);
  });

  it('openDeal never stores a stage probability other than the stage’s', () => {
    const d = unwrap(
      openDeal(
        b2bPipeline,
        { name: 'D', stageId: 'proposal', amount, probability: { value: 0.9, source: 'stage' } },
        ctxAt(),
      ),
    );
    expect(d.probability).toEqual({ value: 0.5, source: 'stage' });
    const m = unwrap(
      openDeal(b2bPipeline, { name: 'D', amount, probability: { value: 0.9, source: 'manual' } }, ctxAt()),
    );
    expect(m.probability).toEqual({ value: 0.9, source: 'manual' });
  });

  it('several pipelines at once: each deal weighted in its own pipeline', () => {
    const a = unwrap(createDeal({ name: 'A', pipelineId: 'b2b', stageId: 'qualification', amount }, ctxAt()));
    const b = unwrap(createDeal({ name: 'B', pipelineId: 'saas_renewal', stageId: 'at_risk', amount }, ctxAt()));
    expect(unwrap(weightedPipelineValue([b2bPipeline, saasRenewalPipeline], [a, b], { currency: 'EUR' }))).toEqual({
      amount: '500.00',
      currency: 'EUR',
    });
  });
});
