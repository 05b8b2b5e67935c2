/**
 * Valid calls of crmkit/automation, for the fuzzer (test/fuzz/fuzz.test.ts): the diff of a lead moving
 * from MQL to SQL with a new owner, of a creation and of a deletion.
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
};

const plan = () => ({
  workflowId: 'sql-handoff',
  stepId: 'notify-owner',
  type: 'notify',
  params: { to: 'owner' },
  runAt: new Date('2026-03-02T09:00:00Z'),
  idempotencyKey: 'sql-handoff:lead:l1@3:notify-owner',
  because: ['lead l1 status changed to sql'],
  eventId: 'lead:l1@3',
  record: { kind: 'lead', id: 'l1' },
  depth: 0,
});
const job = () => ({ tenantId: 'acme', plan: plan(), attempt: 0 });

export const RUNNER_SEEDS: SeedTable = {
  createMemoryQueue: seeds(
    () => [{ leaseMs: 1000 }],
    () => [],
  ),
  workflowJobToJson: seeds(() => [job()]),
  workflowJobFromJson: seeds(() => [{ ...job(), plan: { ...plan(), runAt: '2026-03-02T09:00:00.000Z' } }]),
  checkLedgerKey: seeds(
    () => ['wf:lead:l1@3:tag', 'key'],
    () => ['workflows', 'name'],
  ),
  checkLedgerJson: seeds(() => [{ sent: true }, 'result']),
  checkLedgerPosition: seeds(() => [12]),
  checkDeadLetter: seeds(() => [
    { key: 'k', plan: { stepId: 's' }, error: 'HTTP 500', attempts: 5, failedAt: new Date('2026-03-01T00:00:00Z') },
  ]),
  checkDeadLettersOptions: seeds(() => [{ limit: 10 }]),
};
