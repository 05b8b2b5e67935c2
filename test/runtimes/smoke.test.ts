// Issue 18 §3: the smoke script of every entry point (test/runtimes/smoke.ts) covers every entry of
// entries.json and passes on Node against src/. CI runs the same script on Deno against dist/
// (scripts/deno-smoke.mjs).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { smokes } from './smoke.js';

const entries = (JSON.parse(readFileSync('entries.json', 'utf8')) as { entries: Record<string, string> }).entries;

describe('the runtime smoke script', () => {
  it('has a smoke for every public entry, and no other', () => {
    expect(Object.keys(smokes).sort()).toEqual(Object.keys(entries).sort());
  });

  it.each(Object.entries(entries))('%s passes on Node (src/)', async (entry, file) => {
    const mod = (await import(/* @vite-ignore */ `../../${file}`)) as never;
    const run = smokes[entry as keyof typeof smokes] as (m: never) => string | Promise<string>;
    expect(await run(mod)).toMatch(/\w/);
  });

  it('fails when a value is wrong', async () => {
    const money = (await import('../../src/money/index.js')) as Record<string, unknown>;
    const broken = { ...money, allocateMoney: () => [{ amount: '33.33' }] } as never;
    expect(() => smokes['./money'](broken)).toThrow(/allocateMoney: got \["33.33"\]/);
  });
});
