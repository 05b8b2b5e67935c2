/**
 * Valid calls of crmkit/goals, for the fuzzer (test/fuzz/fuzz.test.ts): a money goal on CAC and a number
 * goal on a host's measure, with observations on segments.
 */
import { unwrap } from '../../../src/core/index.js';
import { defineGoal } from '../../../src/goals/index.js';
import { seeds, type SeedTable } from '../_spec.js';

const usd = (amount: string) => ({ amount, currency: 'USD' as const });
const cac = () => ({
  id: 'cac-2026',
  metric: 'customerAcquisitionCost',
  period: 'month' as const,
  baseline: usd('115.00'),
  target: usd('80.00'),
  start: '2026-01-01T00:00:00Z',
  by: new Date('2027-01-01T00:00:00Z'),
  segment: 'smb',
});
const measures = () => ({ measures: { demosBooked: { better: 'higher' as const, kind: 'number' as const } } });
const demos = () => ({
  id: 'demos',
  metric: 'demosBooked',
  period: 'week' as const,
  target: 40,
  by: '2026-07-01T00:00:00Z',
});

export const GOALS_SEEDS: SeedTable = {
  defineGoal: seeds(
    () => [cac()],
    () => [demos(), measures()],
  ),
  goalProgress: {
    ...seeds(
      () => [
        unwrap(defineGoal(cac())),
        [
          { at: '2026-04-01T00:00:00Z', value: usd('104.00'), segment: 'smb' },
          { at: new Date('2026-07-01T00:00:00Z'), value: usd('100.00'), segment: 'smb' },
          { at: '2026-07-01T00:00:00Z', value: usd('90.00'), segment: null },
        ],
        { asOf: '2026-07-01T00:00:00Z', tolerance: 0.1 },
      ],
      () => [
        unwrap(defineGoal(demos(), measures())),
        [
          { at: '2026-01-05T00:00:00Z', value: 25 },
          { at: '2026-03-02T00:00:00Z', value: 31 },
        ],
        { asOf: new Date('2026-03-10T00:00:00Z') },
      ],
    ),
    throws: {
      args: [0],
      reason:
        'a goal not made by defineGoal: a call no type-correct program makes (@throws); its data was checked when it was defined',
    },
    echoes: "the goal's target is handed back as it was defined",
  },
};
