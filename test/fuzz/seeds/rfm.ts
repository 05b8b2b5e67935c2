/**
 * Valid calls of the RFM functions of src/segments (rfmScores, rfmSegments, defineRfmSegmentMap), for
 * the fuzzer (test/fuzz/fuzz.test.ts).
 *
 * Every seed fills each option key (so the fuzzer puts hostile values in each), passes 2–3 realistic
 * records, and builds its values fresh with the library's own constructors.
 */
import { money } from '../../../src/money/index.js';
import { CLASSIC_RFM_SEGMENTS } from '../../../src/segments/index.js';
import { seeds, type SeedTable } from '../_spec.js';

const usd = (a: string) => money(a, 'USD');

const transactions = () => [
  { customerId: 'c1', at: new Date(Date.UTC(2026, 2, 30)), value: usd('40.00') },
  { customerId: 'c2', at: '2026-03-10', value: usd('25.50') },
  { customerId: 'c1', at: Date.UTC(2026, 0, 15), value: usd('12.00') },
];

const scoreRows = () => [
  { customerId: 'c1', recencyDays: 1, frequency: 2, monetary: usd('52.00'), r: 5, f: 5, m: 5, score: '555' },
  { customerId: 'c2', recencyDays: 21, frequency: 1, monetary: usd('25.50'), r: 1, f: 1, m: 1, score: '111' },
];

const rules = () => [
  { segment: 'Best', r: [4, 5] as const, f: [4, 5] as const, m: [4, 5] as const },
  { segment: 'Lost', scores: ['111', '112'] },
  { segment: 'Recent', r: 5, f: [1, 3] as const },
];

export const RFM_SEEDS: SeedTable = {
  rfmScores: seeds(
    () => [transactions(), { observationEnd: '2026-03-31', bins: 5, monetary: 'sum', currency: 'USD' }],
    () => [
      [
        { who: 7, when: '19970101', amount: '10.00' },
        { who: 8, when: '1997-02-01T10:00:00Z', amount: '2.505' },
        { who: 7, when: 852_076_800_000, amount: '-1.00' },
      ],
      {
        observationEnd: new Date(Date.UTC(1997, 11, 31)),
        bins: 4,
        monetary: 'mean',
        customerId: 'who',
        at: (t: { when: string | number }) => t.when,
        value: 'amount',
        currency: 'EUR',
      },
    ],
  ),
  rfmSegments: seeds(
    () => [scoreRows(), rules()],
    () => [{ customers: scoreRows() }, CLASSIC_RFM_SEGMENTS],
    () => [scoreRows(), { bins: 5, rules: rules(), segments: ['Best', 'Lost', 'Recent'], unmapped: [] }],
  ),
  defineRfmSegmentMap: seeds(
    () => [rules(), { bins: 5 }],
    () => [
      [
        { segment: 'Top', scores: ['444', '443'] },
        { segment: 'Low', r: 1 },
      ],
      { bins: 4 },
    ],
  ),
};
