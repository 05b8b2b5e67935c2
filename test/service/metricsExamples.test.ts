// Issue 15 §5: the TSDoc @example of every export of the service-metrics files type-checks (strict,
// as a user's code) and runs; `//=> value` comments are checked. The examples use the files' names,
// `unwrap`, `monthPeriod` and `defineBusinessCalendar` unimported, as the API reference shows them; an
// import line is put in front of each. Until the entry `crmkit/service` exports these files, the
// import is resolved to a virtual entry that re-exports them.
import { describe, expect, it } from 'vitest';
import { run, tsdocExamples, typeCheck } from '../metrics/_codeBlocks.js';
import { unwrap } from '../../src/core/result.js';
import { monthPeriod } from '../../src/time/period.js';
import { defineBusinessCalendar } from '../../src/service/businessCalendar.js';
import * as backlog from '../../src/service/backlog.js';
import * as backlogAccumulator from '../../src/service/backlogAccumulator.js';
import * as byTicketType from '../../src/service/byTicketType.js';
import * as durationSummary from '../../src/service/durationSummary.js';
import * as firstResponseTime from '../../src/service/firstResponseTime.js';
import * as firstResponseTimeAccumulator from '../../src/service/firstResponseTimeAccumulator.js';
import * as leadResponseTime from '../../src/service/leadResponseTime.js';
import * as leadResponseTimeAccumulator from '../../src/service/leadResponseTimeAccumulator.js';
import * as nextResponseTime from '../../src/service/nextResponseTime.js';
import * as nextResponseTimeAccumulator from '../../src/service/nextResponseTimeAccumulator.js';
import * as resolutionTime from '../../src/service/resolutionTime.js';
import * as resolutionTimeAccumulator from '../../src/service/resolutionTimeAccumulator.js';
import * as ticketReplies from '../../src/service/ticketReplies.js';

export const METRICS_FILES = [
  'backlog',
  'backlogAccumulator',
  'byTicketType',
  'durationSummary',
  'firstResponseTime',
  'firstResponseTimeAccumulator',
  'leadResponseTime',
  'leadResponseTimeAccumulator',
  'nextResponseTime',
  'nextResponseTimeAccumulator',
  'resolutionTime',
  'resolutionTimeAccumulator',
  'ticketReplies',
];
const MODULES: Record<string, unknown> = {
  ...backlog,
  ...backlogAccumulator,
  ...byTicketType,
  ...durationSummary,
  ...firstResponseTime,
  ...firstResponseTimeAccumulator,
  ...leadResponseTime,
  ...leadResponseTimeAccumulator,
  ...nextResponseTime,
  ...nextResponseTimeAccumulator,
  ...resolutionTime,
  ...resolutionTimeAccumulator,
  ...ticketReplies,
};
/** The public functions (not the `@internal` helpers the files share). */
const VALUES = [
  'firstResponseTime',
  'nextResponseTime',
  'resolutionTime',
  'backlog',
  'leadResponseTime',
  'byTicketType',
  'createFirstResponseTimeAccumulator',
  'firstResponseTimeAccumulatorFromJSON',
  'createNextResponseTimeAccumulator',
  'nextResponseTimeAccumulatorFromJSON',
  'createResolutionTimeAccumulator',
  'resolutionTimeAccumulatorFromJSON',
  'createBacklogAccumulator',
  'backlogAccumulatorFromJSON',
  'createLeadResponseTimeAccumulator',
  'leadResponseTimeAccumulatorFromJSON',
];
const TYPES = [
  'DurationSummary',
  'DurationUnit',
  'ReplyActivity',
  'ResponseTimeReplies',
  'ResponseTimeTicket',
  'TicketWithReplies',
  'FirstResponseTimeOptions',
  'NextResponseTimeOptions',
  'TicketStatusChange',
  'ResolutionTimeTicket',
  'ResolutionTimeOptions',
  'BacklogTicket',
  'OpenTicketStatus',
  'BacklogAgeUnit',
  'BacklogOptions',
  'BacklogBucket',
  'BacklogResult',
  'RespondableLead',
  'LeadActivity',
  'LeadActivities',
  'LeadResponseTimeOptions',
  'LeadResponseTimeResult',
  'TypedTicket',
  'TicketLinkedResponse',
  'ResponseTimeAccumulatorState',
  'ResponseTimeAccumulator',
  'ResponseTimeAccumulatorOptions',
  'ResolutionTimeAccumulatorState',
  'ResolutionTimeAccumulator',
  'ResolutionTimeAccumulatorOptions',
  'BacklogAccumulatorState',
  'BacklogAccumulator',
  'BacklogAccumulatorOptions',
  'LeadWithActivities',
  'LeadResponseTimeAccumulatorState',
  'LeadResponseTimeAccumulator',
  'LeadResponseTimeAccumulatorOptions',
];

const blocks = METRICS_FILES.flatMap((f) => tsdocExamples(`src/service/${f}.ts`));
const header =
  `import { ${VALUES.join(', ')} } from 'crmkit/service';\n` +
  `import type { ${TYPES.join(', ')} } from 'crmkit/service';\n` +
  `import { defineBusinessCalendar } from 'crmkit/service';\n` +
  `import { monthPeriod, unwrap } from 'crmkit';\n`;
const ENTRY = '../../../src/service/_metricsExamplesEntry';

describe('TSDoc examples of the service metrics', () => {
  it('every public export has one, and every value listed is exported', () => {
    const documented = new Set(blocks.map((b) => /\(([A-Za-z0-9_]+)\)$/.exec(b.where)?.[1]));
    for (const n of [...VALUES, ...TYPES]) expect(documented.has(n), n).toBe(true);
    for (const n of VALUES) expect(typeof MODULES[n], n).toBe('function');
  });

  it('type-check', () => {
    const files = new Map(
      blocks.map((b, i) => [
        `serviceMetricsExample${i}.ts`,
        (header + b.code).replaceAll("'crmkit/service'", `'${ENTRY}.js'`),
      ]),
    );
    files.set(
      `${ENTRY}.ts`,
      [...METRICS_FILES, 'businessCalendar'].map((f) => `export * from './${f}.js';`).join('\n') + '\n',
    );
    const checked = typeCheck(files);
    const failures = blocks.flatMap((b, i) =>
      (checked.get(`serviceMetricsExample${i}.ts`) ?? []).map((d) => `${b.where}: ${d}`),
    );
    expect(failures).toEqual([]);
  }, 180_000);

  it('run, and every documented value is what the code gives', async () => {
    const modules = {
      'crmkit/service': { ...MODULES, defineBusinessCalendar },
      crmkit: { unwrap, monthPeriod },
    };
    let checks = 0;
    for (const b of blocks) checks += await run({ where: b.where, code: header + b.code }, modules);
    // (`if (r.ok) expr; //=> value` lines are checked by `npm run check:examples`, not by this runner.)
    expect(checks).toBeGreaterThanOrEqual(10);
  });
});
