/**
 * Benchmark for crmkit/automation. Run: `npx tsx test/bench/automation.bench.ts` (BENCH_SCALE=0.1 for a
 * smoke run). Target (issue 13): planning 100,000 events against 50 workflows within 2× of a
 * hand-written loop doing the same matching.
 *
 * 50 workflows over five entity kinds (every record trigger, field_changed, conditions with field and
 * change tests, one to three steps) and 100,000 record events with their records before and after.
 * `planWorkflows(workflows, event, { record, previous, enrollments: {}, asOf })` for every event is
 * timed against the loop an application developer would write for the same workflows: the kind and the
 * trigger compared, the conditions as hand-written tests, and a plan object per step with its key,
 * run time and reasons. Both must plan the same steps (checked first); 7 alternating runs after a
 * warm-up, medians compared.
 */
import { loadavg } from 'node:os';
import { compare, machineLine, writeReportSection } from './_harness.js';
import { defineWorkflow, planWorkflows, type Workflow } from '../../src/automation/index.js';
import type { DomainEvent } from '../../src/core/events.js';
import type { EntityKind } from '../../src/core/ids.js';
import { unwrap } from '../../src/core/result.js';
import { createRng } from '../../src/math/random.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const N = Math.max(5_000, Math.round(100_000 * SCALE));
const asOf = new Date('2026-03-02T10:00:00Z');
const rng = createRng(13);

type Rec = Record<string, unknown>;
interface Spec {
  json: Record<string, unknown>;
  /** The same workflow by hand: does it fire for (action, record, previous)? */
  fires: (action: string, r: Rec, p: Rec | null) => string | null;
}

const KINDS: { kind: EntityKind; field: string; values: string[] }[] = [
  { kind: 'lead', field: 'status', values: ['new', 'contacted', 'nurturing', 'qualified'] },
  { kind: 'deal', field: 'stageId', values: ['qualify', 'propose', 'negotiate', 'won'] },
  { kind: 'campaign', field: 'name', values: ['spring', 'summer', 'autumn', 'winter'] },
  { kind: 'contact', field: 'lifecycleStage', values: ['awareness', 'consideration', 'decision', 'growth'] },
  { kind: 'account', field: 'industry', values: ['retail', 'saas', 'banking', 'energy'] },
];
const ACTIONS = ['created', 'updated', 'deleted', 'assigned', 'status_changed'];

const specs: Spec[] = [];
for (let i = 0; i < 50; i++) {
  const { kind, field, values } = KINDS[i % KINDS.length]!;
  const id = `w${i}`;
  const value = values[i % values.length]!;
  const steps = [
    { id: 'tell', type: 'notify', params: { to: 'owner', message: `workflow ${i}` } },
    ...(i % 2 === 0 ? [{ id: 'task', type: 'create_task', params: { subject: 'Follow up', dueIn: 'P1D' } }] : []),
    ...(i % 3 === 0 ? [{ id: 'hook', type: 'webhook', params: { url: 'https://example.com/hook' } }] : []),
  ];
  const variant = Math.floor(i / KINDS.length) % 5;
  const base = { id, name: id, enabled: true, object: kind, steps };
  const owner = (r: Rec) => r['ownerId'] as string;
  switch (variant) {
    case 0: // created, field test
      specs.push({
        json: { ...base, trigger: { type: 'created' }, condition: { field, op: 'eq', value } },
        fires: (a, r) => (a === 'created' && r[field] === value ? owner(r) : null),
      });
      break;
    case 1: // status_changed to a value (change test)
      specs.push({
        json: { ...base, trigger: { type: 'status_changed' }, condition: { changedTo: field, value } },
        fires: (a, r, p) => (a === 'status_changed' && r[field] === value && p?.[field] !== value ? owner(r) : null),
      });
      break;
    case 2: // field_changed
      specs.push({
        json: { ...base, trigger: { type: 'field_changed', fields: [field, 'ownerId'] } },
        fires: (a, r, p) =>
          a === 'updated' && (r[field] !== p?.[field] || r['ownerId'] !== p?.['ownerId']) ? owner(r) : null,
      });
      break;
    case 3: // assigned, in a list
      specs.push({
        json: { ...base, trigger: { type: 'assigned' }, condition: { field, op: 'in', value: values.slice(0, 2) } },
        fires: (a, r) => (a === 'assigned' && (r[field] === values[0] || r[field] === values[1]) ? owner(r) : null),
      });
      break;
    default: // updated, two tests
      specs.push({
        json: {
          ...base,
          trigger: { type: 'updated' },
          condition: {
            all: [
              { field, op: 'neq', value },
              { field: 'ownerId', op: 'isNull', value: false },
            ],
          },
        },
        fires: (a, r) => (a === 'updated' && r[field] !== value && r['ownerId'] != null ? owner(r) : null),
      });
  }
}
const workflows: Workflow[] = specs.map((s) => unwrap(defineWorkflow(s.json)));

interface Case {
  event: DomainEvent;
  record: Rec;
  previous: Rec | null;
}
const cases: Case[] = new Array(N);
for (let i = 0; i < N; i++) {
  const { kind, field, values } = KINDS[rng.nextInt(KINDS.length)]!;
  const action = ACTIONS[rng.nextInt(ACTIONS.length)]!;
  const id = `${kind}-${rng.nextInt(10_000)}`;
  const previous: Rec = { id, [field]: values[rng.nextInt(values.length)], ownerId: `u${rng.nextInt(20)}`, version: 1 };
  const record: Rec = {
    ...previous,
    ...(rng.next() < 0.5 ? { [field]: values[rng.nextInt(values.length)] } : {}),
    ...(rng.next() < 0.3 ? { ownerId: `u${rng.nextInt(20)}` } : {}),
    version: 2,
  };
  cases[i] = {
    event: {
      id: `${kind}:${id}@2`,
      type: `${kind}_${action}`,
      at: asOf,
      by: null,
      aggregate: { kind, id },
      payload: {},
    },
    record,
    previous: action === 'created' ? null : previous,
  };
}

function viaCrmkit(): number {
  let n = 0;
  for (const c of cases) {
    const r = planWorkflows(workflows, c.event, { record: c.record, previous: c.previous, enrollments: {}, asOf });
    if (r.ok) n += r.value.plans.length;
  }
  return n;
}

const DAY = 86_400_000;
function byHand(): number {
  let n = 0;
  const out: unknown[] = [];
  for (const c of cases) {
    const kind = c.event.aggregate.kind;
    const action = c.event.type.slice(kind.length + 1);
    for (let w = 0; w < specs.length; w++) {
      const wf = workflows[w]!;
      if (wf.object !== kind) continue;
      const to = specs[w]!.fires(action, c.record, c.previous);
      if (to === null) continue;
      const because = [`trigger: ${kind} ${c.event.aggregate.id} ${action} (event ${c.event.id})`];
      for (const step of wf.steps) {
        out.push({
          workflowId: wf.id,
          stepId: step.id,
          type: step.type,
          params:
            step.type === 'notify'
              ? { to: [to], message: step.params['message'] }
              : step.type === 'create_task'
                ? { subject: step.params['subject'], dueAt: new Date(asOf.getTime() + DAY).toISOString(), assignTo: to }
                : { url: step.params['url'], method: 'POST' },
          runAt: new Date(asOf.getTime()),
          idempotencyKey: `${wf.id}:${c.event.id}:${step.id}`,
          because,
          eventId: c.event.id,
          record: c.event.aggregate,
          depth: 0,
        });
        n++;
      }
    }
    out.length = 0;
  }
  return n;
}

const planned = viaCrmkit();
const hand = byHand();
if (planned !== hand) throw new Error(`the planner planned ${planned} steps, the hand-written loop ${hand}`);
const r = compare(viaCrmkit, byHand, 7, 1);
const load = loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
const line = `| ${N.toLocaleString('en-US')} events × 50 workflows | ${planned.toLocaleString('en-US')} | ${r.candidate.medianMs.toFixed(0)} | ${r.baseline.medianMs.toFixed(0)} | ${r.ratio.toFixed(2)} |`;
console.log(line);
writeReportSection(
  'automation',
  [
    '## Automation (`crmkit/automation`)',
    '',
    `\`planWorkflows\` for ${N.toLocaleString('en-US')} record events (five entity kinds, every record action) against 50 workflows (every record trigger and \`field_changed\`, field and change-test conditions, one to three steps), against a hand-written loop doing the same matching and building the same plan objects (kind, trigger, conditions as plain tests, key, run time, reasons). Both plan the same steps (checked). The planner also validates its input, explains the conditions that held in \`because\`, and freezes its output. Alternating, median of 7 after a warm-up. Target: ≤ 2×. ${machineLine()}; load average ${load} at the end (other agents were running on the machine).`,
    '',
    '| run | plans | planWorkflows ms | hand-written ms | ratio |',
    '|---|---|---|---|---|',
    line,
    '',
    r.ratio <= 2
      ? 'Target met in this run.'
      : `Target not met: ${r.ratio.toFixed(1)}× in this run (3.0–3.1× for the code before 2026-12-07 on the same machine at the same load). What the planner does beyond the loop, measured on 2026-12-07: the enrollments it must return are one object keyed by \`<workflow>/<kind>:<id>\`, a new key for nearly every record, and the engine copies every new property name into its table of property names (about 0.7 µs a key, some 60 ms of a run here; with the keys left out the ratio was 1.5–2.0×; with the same entries returned in a \`Map\` instead, measured 2026-12-07 at load 1, 1.81–1.82× against 2.25–2.31× for the object in the runs just before — a change of the public result type, left as a decision); it builds a note for every workflow whose trigger fired but which did not enroll (about 96,000 here), an enrollment per enrolled workflow, and the reasons of \`because\`; it checks its input (the event, the options, every record value finite); and it freezes what it returns (each plan, its parameters, notes, enrollments and lists as they are built; empty lists, an empty answer and parameters fixed by a step's definition are shared, frozen once). The loop's own time varies by ±20% from run to run, and the ratio with it.`,
  ].join('\n'),
);
