/**
 * The probability a pipeline uses for a deal.
 *
 * @module
 */
import { CrmError } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import type { Deal } from '../entities/deal.js';
import type { Pipeline, Stage } from './define.js';
import { checkDeals, isPipeline } from './_records.js';
import { IssueList } from '../core/issues.js';

/**
 * The probability of winning `deal` as `pipeline` sees it: for a probability whose source is
 * `'stage'`, always the probability of the deal's stage in this pipeline — whatever number the
 * record holds (a deal made with `createDeal` holds `0` until the pipeline sets it, and a stage's
 * probability may have changed since); for a `'manual'` or `'model'` probability, the deal's own
 * value (someone chose it). Won stages give 1 and lost stages 0 whatever the source; a deal of
 * another pipeline, or in a stage the pipeline lacks, gives its own value.
 *
 * @throws CrmError `validation_failed` when `pipeline` is not a pipeline made by `definePipeline` or
 * `deal` has no valid `pipelineId`, `stageId` or `probability` (calls no type-correct program makes;
 * read untrusted deals with `parseDeal` first).
 *
 * @example
 * ```ts
 * const d = unwrap(createDeal({ name: 'Acme', pipelineId: 'b2b', stageId: 'qualification', amount: { amount: '1000.00', currency: 'EUR' } }));
 * d.probability; //=> { value: 0, source: 'stage' }
 * dealProbability(b2bPipeline, d); //=> 0.2 (Qualification's probability)
 * ```
 */
export function dealProbability(pipeline: Pipeline, deal: Deal): number {
  const issues = new IssueList();
  if (!isPipeline(pipeline))
    issues.push(crmIssue.invalidType(['pipeline'], 'a Pipeline made by definePipeline', pipeline));
  checkDeals([deal], { stage: true, probability: true }, issues);
  if (issues.count > 0) {
    const e = issues.error('dealProbability');
    throw new CrmError(e.code, e.message, {
      issues: e.issues.map((i) => (i.path[0] === 'deals' ? { ...i, path: ['deal', ...i.path.slice(2)] } : i)),
    });
  }
  const stage = deal.pipelineId === pipeline.id ? pipeline.stageById.get(deal.stageId) : undefined;
  return stage === undefined ? deal.probability.value : probabilityIn(stage, deal);
}

/** The probability of `deal` in `stage` (its current stage): see {@link dealProbability}. */
export function probabilityIn(stage: Stage, deal: Deal): number {
  if (stage.kind === 'won') return 1;
  if (stage.kind === 'lost') return 0;
  return deal.probability.source === 'stage' ? stage.probability : deal.probability.value;
}
