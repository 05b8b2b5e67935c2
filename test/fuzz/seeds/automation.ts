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
