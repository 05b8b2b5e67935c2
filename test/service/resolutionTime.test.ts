// Issue 15 §5: resolutionTime — known values from R, reopened tickets, tickets without a history,
// `period` (by the resolution) and `asOf`, and bad input.
import { describe, expect, it } from 'vitest';
import { resolutionTime, type ResolutionTimeTicket } from '../../src/service/resolutionTime.js';
import { monthPeriod } from '../../src/time/period.js';
import { expectInvalid, value } from '../metrics/_helpers.js';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const min = (m: number) => new Date(T0 + m * 60_000);

describe('resolutionTime', () => {
  it('equals R on six tickets', () => {
    // R: y <- c(40, 125, 3, 17.5, 600, 61); sprintf("%.17g", c(mean(y), quantile(y, c(0.5, 0.9))))
    //    "141.08333333333334" "50.5" "362.5"
    const y = [40, 125, 3, 17.5, 600, 61];
    const tickets: ResolutionTimeTicket[] = y.map((m, i) => ({
      createdAt: min(i),
      status: i % 2 === 0 ? 'resolved' : 'closed',
      statusHistory: [
        { from: null, to: 'new', at: min(i) },
        { from: 'new', to: 'resolved', at: min(i + m) },
        ...(i % 2 === 0 ? [] : [{ from: 'resolved' as const, to: 'closed' as const, at: min(i + m + 1000) }]),
      ],
      resolvedAt: min(i + m),
    }));
    expect(value(resolutionTime(tickets))).toEqual({
      count: 6,
      mean: 141.08333333333334,
      median: 50.5,
      p90: 362.5,
      unit: 'calendar_minutes',
    });
  });

  it('counts a reopened ticket to its last resolution, and not while it is open again', () => {
    const t: ResolutionTimeTicket = {
      createdAt: min(0),
      status: 'resolved',
      resolvedAt: min(300),
      statusHistory: [
        { to: 'open', at: min(0) },
        { to: 'resolved', at: min(60) },
        { to: 'open', at: min(120) },
        { to: 'pending', at: min(150) },
        { to: 'resolved', at: min(300) },
      ],
    };
    expect(value(resolutionTime([t])).mean).toBe(300);
    expect(value(resolutionTime([t], { asOf: min(100) })).mean).toBe(60); // resolved the first time
    expect(value(resolutionTime([t], { asOf: min(200) })).count).toBe(0); // reopened
    expect(value(resolutionTime([t], { asOf: min(300) })).mean).toBe(300);
    // resolved → closed does not move the resolution; closed straight from open does.
    const closed: ResolutionTimeTicket = {
      createdAt: min(0),
      status: 'closed',
      statusHistory: [
        { to: 'new', at: min(0) },
        { to: 'closed', at: min(45) },
      ],
      resolvedAt: min(45),
    };
    expect(value(resolutionTime([closed])).mean).toBe(45);
  });

  it('reads a ticket without a history from its status and resolvedAt (else closedAt)', () => {
    const old: ResolutionTimeTicket[] = [
      { createdAt: min(0), status: 'resolved', resolvedAt: min(30) },
      { createdAt: min(0), status: 'closed', resolvedAt: null, closedAt: min(90), statusHistory: [] },
      { createdAt: min(0), status: 'pending', resolvedAt: min(10) }, // not resolved now
    ];
    expect(value(resolutionTime(old))).toMatchObject({ count: 2, mean: 60 });
    expect(value(resolutionTime(old, { asOf: min(60) }))).toMatchObject({ count: 1, mean: 30 });
  });

  it('counts a ticket in the period of its resolution; tickets created after asOf do not exist yet', () => {
    const t: ResolutionTimeTicket = {
      createdAt: new Date('2026-03-30T00:00:00Z'),
      status: 'resolved',
      resolvedAt: new Date('2026-04-02T00:00:00Z'),
    };
    expect(value(resolutionTime([t], { period: monthPeriod('2026-03-01') })).count).toBe(0);
    expect(value(resolutionTime([t], { period: monthPeriod('2026-04-01') })).mean).toBe(3 * 1440);
    expect(value(resolutionTime([t], { asOf: new Date('2026-03-01T00:00:00Z') })).count).toBe(0);
  });

  it('empty input: count 0 and null statistics', () => {
    expect(value(resolutionTime([]))).toEqual({
      count: 0,
      mean: null,
      median: null,
      p90: null,
      unit: 'calendar_minutes',
    });
  });

  it('bad input is validation_failed with the path', () => {
    const ok: ResolutionTimeTicket = { createdAt: min(0), status: 'open' };
    expectInvalid(resolutionTime([ok], { replies: [] } as never), ['options']);
    expectInvalid(resolutionTime([ok], { asOf: new Date(Number.NaN) }), ['options', 'asOf']);
    expectInvalid(resolutionTime(null as never), []);
    expectInvalid(resolutionTime([ok, { ...ok, createdAt: new Date('x') }]), [1, 'createdAt']);
    expectInvalid(resolutionTime([{ ...ok, status: 'done' as never }]), [0, 'status']);
    expectInvalid(resolutionTime([{ ...ok, resolvedAt: new Date('x') }]), [0, 'resolvedAt']);
    expectInvalid(resolutionTime([{ ...ok, status: 'resolved', resolvedAt: min(-5) }]), [0, 'resolvedAt']);
    expectInvalid(resolutionTime([{ ...ok, status: 'resolved' }]), [0, 'resolvedAt']); // no history, no resolvedAt
    expectInvalid(resolutionTime([{ ...ok, statusHistory: 'x' as never }]), [0, 'statusHistory']);
    expectInvalid(resolutionTime([{ ...ok, statusHistory: [{ to: 'gone' as never, at: min(0) }] }]), [
      0,
      'statusHistory',
      0,
      'to',
    ]);
    expectInvalid(
      resolutionTime([
        {
          ...ok,
          statusHistory: [
            { to: 'new', at: min(5) },
            { to: 'open', at: min(1) },
          ],
        },
      ]),
      [0, 'statusHistory', 1, 'at'],
    );
    expectInvalid(resolutionTime([{ ...ok, statusHistory: [{ to: 'new', at: min(-1) }] }]), [
      0,
      'statusHistory',
      0,
      'at',
    ]);
    const hostile = new Proxy([ok], {
      get(target, key) {
        if (key === '0') throw new Error('trap');
        return Reflect.get(target, key);
      },
    });
    expect(resolutionTime(hostile).ok).toBe(false);
  });
});
