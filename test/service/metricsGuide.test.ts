// Issue 15 §5: the service-metrics guide's code runs. Every ```ts block of docs/service-metrics.md is
// type-checked strictly against the source and run; a `//=> value` comment is checked against its
// statement's value. Until the entry `crmkit/service` exports the metrics, the blocks' imports of it
// resolve to the entry plus the metrics files, for the type check and for the run.
import { describe, expect, it } from 'vitest';
import { entryModules, markdownBlocks, run, typeCheck } from '../metrics/_codeBlocks.js';
import * as backlog from '../../src/service/backlog.js';
import * as backlogAccumulator from '../../src/service/backlogAccumulator.js';
import * as byTicketType from '../../src/service/byTicketType.js';
import * as firstResponseTime from '../../src/service/firstResponseTime.js';
import * as firstResponseTimeAccumulator from '../../src/service/firstResponseTimeAccumulator.js';
import * as leadResponseTime from '../../src/service/leadResponseTime.js';
import * as leadResponseTimeAccumulator from '../../src/service/leadResponseTimeAccumulator.js';
import * as nextResponseTime from '../../src/service/nextResponseTime.js';
import * as nextResponseTimeAccumulator from '../../src/service/nextResponseTimeAccumulator.js';
import * as resolutionTime from '../../src/service/resolutionTime.js';
import * as resolutionTimeAccumulator from '../../src/service/resolutionTimeAccumulator.js';

const FILES = [
  'index',
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
const METRICS = {
  ...backlog,
  ...backlogAccumulator,
  ...byTicketType,
  ...firstResponseTime,
  ...firstResponseTimeAccumulator,
  ...leadResponseTime,
  ...leadResponseTimeAccumulator,
  ...nextResponseTime,
  ...nextResponseTimeAccumulator,
  ...resolutionTime,
  ...resolutionTimeAccumulator,
};
const SERVICE = '../../../src/service/_metricsGuideEntry.js';
const blocks = markdownBlocks('docs/service-metrics.md');

describe('docs/service-metrics.md', () => {
  it('has runnable code for every part of the guide', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    for (const b of blocks) expect(b.code, b.where).toMatch(/from 'crmkit\/service'/);
  });

  it('type-checks', () => {
    const files = new Map(
      blocks.map((b, i) => [`serviceMetricsGuide${i}.ts`, b.code.replaceAll("'crmkit/service'", `'${SERVICE}'`)]),
    );
    // `export *` of two files that export one name twice would hide it: list the metrics files after
    // the entry, which does not export them yet.
    files.set('../../../src/service/_metricsGuideEntry.ts', FILES.map((f) => `export * from './${f}.js';`).join('\n'));
    const checked = typeCheck(files);
    const failures = blocks.flatMap((b, i) =>
      (checked.get(`serviceMetricsGuide${i}.ts`) ?? []).map((d) => `${b.where}: ${d}`),
    );
    expect(failures).toEqual([]);
  }, 180_000);

  it('runs, and every documented value is what the code gives', async () => {
    const modules = await entryModules();
    modules['crmkit/service'] = { ...modules['crmkit/service'], ...METRICS };
    let checks = 0;
    const failures: string[] = [];
    for (const b of blocks) {
      try {
        checks += await run(b, modules);
      } catch (e) {
        failures.push((e as Error).message);
      }
    }
    expect(failures).toEqual([]);
    expect(checks).toBeGreaterThanOrEqual(24);
  });
});
