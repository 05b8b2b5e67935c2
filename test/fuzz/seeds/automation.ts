/**
 * Valid calls of crmkit/automation, for the fuzzer (test/fuzz/fuzz.test.ts): the diff of a lead moving
 * from MQL to SQL with a new owner, of a creation and of a deletion, and the record events of such writes.
 */
import { seeds, type SeedTable } from '../_spec.js';

const before = () => ({
  id: 'l1',
  status: 'mql',
  ownerId: 'u1',
  tags: ['vip'],
  expectedRevenue: { amount: '10.0', currency: 'EUR' },
  createdAt: new Date('2026-01-01T00:00:00Z'),
  version: 1,
});
const after = () => ({ ...before(), status: 'sql', ownerId: 'u2', version: 2 });

export const AUTOMATION_SEEDS: SeedTable = {
  diffRecords: seeds(
    () => ['lead', before(), after()],
    () => ['lead', null, after()],
    () => ['lead', before(), null],
  ),
  recordEvents: seeds(
    () => ['lead', before(), after(), { at: new Date('2026-03-02T09:00:00Z'), by: 'u9' }],
    () => ['lead', null, after(), { at: new Date('2026-03-02T09:00:00Z'), causedBy: { workflowId: 'wf', depth: 1 } }],
    () => ['lead', before(), null, { at: new Date('2026-03-02T09:00:00Z'), by: null }],
    () => [
      'ticket',
      { id: 't1', status: 'open', assigneeId: null, version: 1 },
      { id: 't1', status: 'open', assigneeId: 'a1', version: 2 },
      { at: new Date(0) },
    ],
  ),
};
