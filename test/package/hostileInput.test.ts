import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { CrmError } from '../../src/core/errors.js';
import { hostileValue } from '../_hostile.js';

// Every public function that validates input (parse*, define*, create*, train*, fit*, the splits,
// rfmSummary, money) must answer hostile input with a Result or a CrmError — never a TypeError from
// reading it, nor an error thrown while writing the error message. The list comes from entries.json,
// so new entry points are covered without editing this file.
const entries = (
  JSON.parse(readFileSync(new URL('../../entries.json', import.meta.url), 'utf8')) as {
    entries: Record<string, string>;
  }
).entries;
const VALIDATING = /^(parse|define|create|train|fit)[A-Z]|^(kFold|trainTestSplit|rfmSummary|money)$/;
// Factories of stores and suites take trusted ports, not data.
const NOT_DATA = new Set(['createMemoryStore', 'createPostgresStore', 'createNpsAccumulator']);

describe('hostile input to validating functions', async () => {
  const targets: [string, (...args: unknown[]) => unknown][] = [];
  for (const [entry, file] of Object.entries(entries)) {
    if (entry === './testing') continue; // vitest-only helpers
    const mod = (await import(/* @vite-ignore */ `../../${file}`)) as Record<string, unknown>;
    for (const [name, f] of Object.entries(mod)) {
      if (typeof f === 'function' && VALIDATING.test(name) && !NOT_DATA.has(name) && !/Accumulator$/.test(name))
        targets.push([`${entry} ${name}`, f as (...args: unknown[]) => unknown]);
    }
  }

  it('finds the validating functions', () => {
    expect(targets.length).toBeGreaterThan(20);
    expect(targets.map(([n]) => n)).toEqual(
      expect.arrayContaining([
        './pipeline definePipeline',
        './scoring trainLogisticRegression',
        './money parseMoney',
        './entities parseLead',
      ]),
    );
  });

  it('property: gives a Result or throws a CrmError, whatever the arguments', () => {
    const escaped: string[] = [];
    for (const [name, f] of targets) {
      fc.assert(
        fc.property(hostileValue, hostileValue, fc.array(hostileValue, { maxLength: 3 }), (a, b, rows) => {
          for (const args of [
            [a, b],
            [rows, b],
            [rows, { features: ['x'], target: 'y' }],
            [a],
            [a, null],
            [rows, null],
          ]) {
            try {
              f(...args);
            } catch (e) {
              if (!(e instanceof CrmError))
                escaped.push(`${name}: ${e instanceof Error ? e.message : 'non-Error thrown'}`);
            }
          }
        }),
        { numRuns: 60 },
      );
    }
    expect([...new Set(escaped)]).toEqual([]);
  });

  it('property: every function of crmkit/metrics and crmkit/clv gives a Result or throws a CrmError', async () => {
    // metrics returns a Result from every function; clv's functions on fitted parameters throw a
    // CrmError for bad input. Neither may fail with a TypeError of its own.
    const escaped: string[] = [];
    for (const entry of ['./metrics', './clv']) {
      const mod = (await import(/* @vite-ignore */ `../../${entries[entry]!}`)) as Record<string, unknown>;
      for (const [name, f] of Object.entries(mod)) {
        if (typeof f !== 'function') continue;
        fc.assert(
          fc.property(hostileValue, hostileValue, fc.array(hostileValue, { maxLength: 3 }), (a, b, rows) => {
            for (const args of [
              [a, b],
              [rows, b],
              [a],
              [a, null],
              [rows],
              [rows, rows],
              [],
              [null, null, null],
              [{}, 1, {}],
            ]) {
              try {
                (f as (...args: unknown[]) => unknown)(...args);
              } catch (e) {
                if (!(e instanceof CrmError))
                  escaped.push(`${entry} ${name}: ${e instanceof Error ? e.message : 'non-Error thrown'}`);
              }
            }
          }),
          { numRuns: 30 },
        );
      }
    }
    expect([...new Set(escaped)]).toEqual([]);
  });
});
