/**
 * defineSlaPolicy and selectSlaPolicy: policies as data (every problem at once, with paths), and
 * Frappe's selection order (the first enabled, valid, matching policy, else the default).
 */
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../src/core/result.js';
import { defineCondition } from '../../src/conditions/index.js';
import { defineSlaPolicy, isSlaPolicy, selectSlaPolicy, SLA_TARGETS } from '../../src/service/index.js';
import { jakarta, ticketAt } from './_tickets.js';

const targets = { high: { firstResponse: 60, resolution: 480 } };
const at = new Date('2026-03-10T03:00:00Z');

describe('defineSlaPolicy', () => {
  it('gives a frozen policy with its defaults', () => {
    const p = unwrap(defineSlaPolicy({ id: 'std', priorities: targets }));
    expect(p).toMatchObject({
      id: 'std',
      name: null,
      appliesTo: 'ticket',
      when: null,
      calendar: null,
      pauseWhile: [],
      validity: { from: null, to: null },
      default: false,
      enabled: true,
    });
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.priorities)).toBe(true);
    expect(isSlaPolicy(p)).toBe(true);
    expect(isSlaPolicy({ ...p })).toBe(false);
    expect(SLA_TARGETS).toEqual(['firstResponse', 'nextResponse', 'resolution']);
  });

  it('accepts a condition as JSON or made by defineCondition, a calendar, pauses and a validity', () => {
    const when = unwrap(defineCondition({ field: 'type', op: 'eq', value: 'incident' }, { entity: 'ticket' }));
    const p = unwrap(
      defineSlaPolicy({
        id: 'incidents',
        when,
        priorities: targets,
        calendar: jakarta,
        pauseWhile: ['pending'],
        validity: { from: '2026-01-01', to: new Date('2027-01-01T00:00:00Z') },
      }),
    );
    expect(p.when?.json).toEqual(when.json);
    expect(p.validity.from).toEqual(new Date('2026-01-01T00:00:00Z'));
  });

  it('reports every problem at once, each with its path', () => {
    const r = defineSlaPolicy({
      id: '',
      appliesTo: 'deal' as never,
      when: { field: 'stage', op: 'eq', value: 'x' },
      priorities: {
        critical: { firstResponse: 5 },
        high: { firstResponse: 0, resolution: 1.5, answer: 3 },
        low: {},
      } as never,
      calendar: { timeZone: 'UTC' } as never,
      pauseWhile: ['pending', 'pending', 'resolved'] as never,
      validity: { from: '2026-02-01', to: '2026-01-01' },
      default: 'yes' as never,
      colour: 'red',
    } as never);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.error.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        '',
        'id',
        'appliesTo',
        'when.field',
        'priorities',
        'priorities.high.firstResponse',
        'priorities.high.resolution',
        'priorities.high',
        'priorities.low',
        'calendar',
        'pauseWhile.1',
        'pauseWhile.2',
        'validity.to',
        'default',
      ]),
    );
    const codes = Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.code]));
    expect(codes['']).toBe('unrecognized_keys');
    expect(codes['when.field']).toBe('unknown_field');
    expect(codes['pauseWhile.1']).toBe('duplicate');
    expect(codes['validity.to']).toBe('invalid_period');
  });

  it('refuses what is not a policy object, an empty priorities map, bad dates, without throwing', () => {
    for (const bad of [null, undefined, 3, 'x', []]) expect(defineSlaPolicy(bad as never).ok, String(bad)).toBe(false);
    expect(defineSlaPolicy({ id: 'x', priorities: {} }).ok).toBe(false);
    expect(defineSlaPolicy({ id: 'x', priorities: targets, validity: { from: 'yesterday' } }).ok).toBe(false);
    expect(defineSlaPolicy({ id: 'x', priorities: targets, validity: { from: new Date(NaN) } }).ok).toBe(false);
    const cyclic: Record<string, unknown> = { id: 'x' };
    cyclic['priorities'] = cyclic;
    expect(defineSlaPolicy(cyclic as never).ok).toBe(false);
  });
});

describe('selectSlaPolicy', () => {
  const incident = ticketAt('2026-03-10T01:00:00Z', { type: 'incident' });
  const question = ticketAt('2026-03-10T01:00:00Z', { type: 'question' });
  const fallback = unwrap(defineSlaPolicy({ id: 'fallback', default: true, priorities: targets }));
  const incidents = unwrap(
    defineSlaPolicy({ id: 'incidents', when: { field: 'type', op: 'eq', value: 'incident' }, priorities: targets }),
  );
  const everything = unwrap(defineSlaPolicy({ id: 'everything', priorities: targets }));

  it('the first enabled, valid policy whose condition matches, in list order; else the default; else null', () => {
    expect(unwrap(selectSlaPolicy([fallback, incidents, everything], incident, { at }))?.id).toBe('incidents');
    expect(unwrap(selectSlaPolicy([fallback, incidents, everything], question, { at }))?.id).toBe('everything');
    expect(unwrap(selectSlaPolicy([fallback, incidents], question, { at }))?.id).toBe('fallback');
    expect(unwrap(selectSlaPolicy([incidents], question, { at }))).toBeNull();
    expect(unwrap(selectSlaPolicy([], question, { at }))).toBeNull();
  });

  it('skips disabled policies and those outside their validity (from inclusive, to exclusive)', () => {
    const off = unwrap(defineSlaPolicy({ id: 'off', enabled: false, priorities: targets }));
    const later = unwrap(defineSlaPolicy({ id: 'later', validity: { from: '2026-04-01' }, priorities: targets }));
    const ended = unwrap(defineSlaPolicy({ id: 'ended', validity: { to: at }, priorities: targets }));
    const starts = unwrap(defineSlaPolicy({ id: 'starts', validity: { from: at }, priorities: targets }));
    expect(unwrap(selectSlaPolicy([off, later, ended, starts, fallback], question, { at }))?.id).toBe('starts');
    const offDefault = unwrap(
      defineSlaPolicy({ id: 'offDefault', default: true, enabled: false, priorities: targets }),
    );
    expect(unwrap(selectSlaPolicy([offDefault], question, { at }))).toBeNull();
  });

  it('$now in a condition reads the moment of selection', () => {
    const recent = unwrap(
      defineSlaPolicy({
        id: 'recent',
        when: { field: 'createdAt', op: 'gte', value: { $now: '-P1D' } },
        priorities: targets,
      }),
    );
    expect(unwrap(selectSlaPolicy([recent], question, { at }))?.id).toBe('recent');
    expect(unwrap(selectSlaPolicy([recent], question, { at: new Date('2026-03-20T00:00:00Z') }))).toBeNull();
  });

  it('bad input: not policies, not a ticket, a bad at, unknown keys', () => {
    const r1 = selectSlaPolicy([{ id: 'x' }] as never, question, { at });
    expect(!r1.ok && r1.error.issues[0]?.path).toEqual(['policies', 0]);
    const r2 = selectSlaPolicy([fallback], null as never, { at });
    expect(!r2.ok && r2.error.issues[0]?.path).toEqual(['ticket']);
    const r3 = selectSlaPolicy([fallback], question, { at: new Date(NaN) });
    expect(!r3.ok && r3.error.issues[0]?.path).toEqual(['options', 'at']);
    const r4 = selectSlaPolicy([fallback], question, { at, when: 1 } as never);
    expect(!r4.ok && r4.error.issues[0]?.code).toBe('unrecognized_keys');
    expect(selectSlaPolicy('x' as never, question, { at }).ok).toBe(false);
  });
});
