/**
 * Valid calls of crmkit/quality (normalisers, matching rules, models, duplicates, completeness), for the
 * fuzzer (test/fuzz/fuzz.test.ts). Every seed fills each option key.
 */
import { unwrap } from '../../../src/core/result.js';
import { fixedClock } from '../../../src/core/clock.js';
import {
  defineMatchingRule,
  STANDARD_LEAD_RULE,
  trainMatchModel,
  type MatchingRuleSpec,
} from '../../../src/quality/index.js';
import { seeds, type FuzzSpec, type SeedTable } from '../_spec.js';

const lead = (id: string, last = 'Lovelace', email: string | null = 'ada@example.com') => ({
  id,
  firstName: 'Ada',
  lastName: last,
  email,
  phone: '0812-3456-7890',
  company: 'PT Maju Jaya Tbk',
  country: 'ID',
  status: 'new',
});
/** A stored lead (all system fields), with tags and a note for the merge rules. */
const storedLead = (id: string, at: string, phone: string | null) => ({
  id,
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@example.com',
  phone,
  country: 'ID',
  customFields: { tags: [id], note: `from ${id}` },
  createdAt: new Date(at),
  updatedAt: new Date(at),
  version: 1,
});
const leads = () => [
  lead('l1'),
  lead('l2', 'Lovelase'),
  lead('l3', 'Hopper', 'grace@navy.mil'),
  lead('l4', 'Lovelace', null),
];
const spec = (): MatchingRuleSpec => ({
  object: 'lead',
  groups: [
    [{ field: 'email', method: 'normalized', blank: 'no_match' }],
    [
      { field: 'phone', method: 'phone' },
      { field: 'lastName', method: 'jaroWinkler', threshold: 0.9 },
    ],
  ],
  blanks: 'no_match',
  where: { field: 'status', op: 'neq', value: 'converted' },
  defaultRegion: 'ID',
  freeMailDomains: ['gmail.com'],
  maxBlock: 100,
});
const model = () =>
  unwrap(
    trainMatchModel(leads(), {
      seed: 1,
      object: 'lead',
      comparisons: [{ field: 'lastName', levels: [{ method: 'jaroWinkler', threshold: 0.9 }] }],
      blocking: STANDARD_LEAD_RULE,
      threshold: 0.5,
      randomPairs: 100,
      maxIterations: 20,
      tolerance: 1e-6,
    }),
  );
const IMPOSSIBLE =
  'a matcher not made by defineMatchingRule or trainMatchModel: a call no type-correct program makes (@throws)';
const withThrows = (spec: FuzzSpec, args: readonly number[], reason = IMPOSSIBLE): FuzzSpec => ({
  ...spec,
  throws: { args, reason },
});

/** `n` rows of three cells: a name, a national phone number and a serial date. */
function csvRows(delimiter: string, n: number): string {
  const rows: string[] = [];
  for (let i = 0; i < n; i++)
    rows.push(['Person ' + i, '0812-' + String(1000000 + i), String(46000 + (i % 300))].join(delimiter));
  return rows.join('\r\n') + '\r\n';
}

export const QUALITY_SEEDS: SeedTable = {
  normalizePhoneNumber: seeds(() => ['0812-3456-7890', { region: 'ID' }]),
  normalizeEmail: seeds(() => [' Ada@Example.com ']),
  normalizePersonName: seeds(() => ['José Ñúñez']),
  normalizeCompanyName: seeds(() => ['PT Maju Jaya Tbk']),
  registrableDomain: seeds(() => ['https://shop.acme.co.uk/x']),
  jaroWinkler: withThrows(
    seeds(() => ['MARTHA', 'MARHTA', { prefixScale: 0.1 }]),
    [0, 1, 2],
    'not strings, or a prefix scale outside [0, 0.25]: a call no type-correct program makes (@throws)',
  ),
  defineMatchingRule: seeds(() => [spec()]),
  matchKeys: withThrows(
    seeds(
      () => [unwrap(defineMatchingRule(spec())), lead('l1')],
      () => [model(), lead('l1')],
    ),
    [0],
  ),
  findDuplicates: withThrows(
    seeds(() => [unwrap(defineMatchingRule(spec())), lead('new'), leads(), { limit: 5, maxBlock: 50 }]),
    [0],
  ),
  duplicateClusters: withThrows(
    seeds(() => [
      STANDARD_LEAD_RULE,
      leads(),
      { maxBlock: 50, onProgress: () => undefined, signal: new AbortController().signal },
    ]),
    [0],
  ),
  duplicateClustersAsync: withThrows(
    seeds(() => [
      STANDARD_LEAD_RULE,
      leads(),
      { maxBlock: 50, onProgress: () => undefined, signal: new AbortController().signal },
    ]),
    [0],
  ),
  mergeRecords: withThrows(
    seeds(
      () => [
        'lead',
        [storedLead('m1', '2026-01-01T00:00:00Z', null), storedLead('m2', '2026-01-02T00:00:00Z', '+6281234567890')],
        {
          survivor: 'confidence',
          fieldRules: { phone: 'newest', 'customFields.tags': 'union', 'customFields.note': 'join' },
          max: 5,
        },
        { clock: fixedClock('2026-03-01T00:00:00Z'), actor: 'user-1' },
      ],
      () => [
        'lead',
        [storedLead('m1', '2026-01-01T00:00:00Z', null), storedLead('m2', '2026-01-02T00:00:00Z', '+6281234567890')],
        { survivor: 'm2', fieldRules: { country: 'address_block' }, max: 2 },
        { clock: fixedClock('2026-03-01T00:00:00Z') },
      ],
    ),
    [0],
    "a kind other than 'lead', 'contact' or 'account': a call no type-correct program makes (@throws)",
  ),
  trainMatchModel: seeds(() => [
    leads(),
    {
      seed: 1,
      object: 'lead',
      comparisons: [{ field: 'lastName', levels: [{ method: 'jaroWinkler', threshold: 0.9 }] }],
      blocking: STANDARD_LEAD_RULE,
      threshold: 0.5,
      randomPairs: 100,
      maxIterations: 20,
      tolerance: 1e-6,
      onProgress: () => undefined,
      signal: new AbortController().signal,
    },
  ]),
  trainMatchModelAsync: seeds(() => [
    leads(),
    {
      seed: 1,
      object: 'lead',
      comparisons: [{ field: 'lastName', levels: [{ method: 'jaroWinkler', threshold: 0.9 }] }],
      blocking: STANDARD_LEAD_RULE,
      threshold: 0.5,
      randomPairs: 100,
      maxIterations: 20,
      tolerance: 1e-6,
      onProgress: () => undefined,
      signal: new AbortController().signal,
    },
  ]),
  matchScore: withThrows(
    seeds(() => [model(), lead('a'), lead('b')]),
    [0],
    'a model not made by trainMatchModel: a call no type-correct program makes (@throws)',
  ),
  completenessReport: seeds(() => ['lead', leads(), { required: ['email'], weights: { email: 2, phone: 1 } }]),
  // Seeds the size of a real export (about 2,000 rows, 60 KB): the fuzzer's time budget is a multiple of a
  // valid call's, and its hostile texts are 100 KB, so a seed of two rows would judge linear work as slow.
  parseCsv: seeds(
    () => [
      `\uFEFFName;Phone;Signed up\r\nAda;0812-3456-7890;07/12/2026\r\n"Lovelace; A.";;46363\r\n${csvRows(';', 2000)}`,
      { delimiter: ';', dates: { 'Signed up': 'dmy' }, maxCellLength: 1000, maxColumns: 10 },
    ],
    () => [new TextEncoder().encode(`a,b\n1,2\n${csvRows(',', 2000)}`), { dates: { b: 'excel_serial' } }],
  ),
  isCsvFormula: seeds(() => ['=HYPERLINK("http://evil.example")']),
  csvSafe: seeds(() => ['=1+2']),
  importRows: seeds(() => [
    'lead',
    [
      { Name: 'Lovelace', Mail: 'ada@example.com', Phone: '0812-3456-7890', Tier: 'gold' },
      { Name: 'Lovelace', Mail: 'ADA@example.com', Phone: '', Tier: '' },
    ],
    {
      mapping: { Name: 'lastName', Mail: 'email', Phone: 'phone', Tier: 'customFields.tier' },
      defaults: { source: 'fair' },
      matchingRule: STANDARD_LEAD_RULE,
      onDuplicate: 'fill_empty',
      defaultRegion: 'ID',
      existing: [],
      idPrefix: 'fair',
      maxCellLength: 1000,
      maxColumns: 10,
    },
    { clock: fixedClock('2026-12-07T09:00:00Z'), actor: 'u1' },
  ]),
};
