/**
 * Benchmark harness: times a candidate against a baseline in the same process, interleaved, and
 * reports the ratio of medians. Results go to a named section of docs/benchmarks.md.
 * Run a benchmark with `npx tsx test/bench/<name>.bench.ts` (all: `npm run bench`).
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import os from 'node:os';

export interface Timing {
  /** Median wall time of one run, in milliseconds. */
  medianMs: number;
  /** Every sample, in milliseconds. */
  samplesMs: number[];
}

/** Median of a list of numbers. */
export function medianOf(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Times `fn` `runs` times after `warmup` untimed runs. */
export function time(fn: () => unknown, runs = 7, warmup = 1): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const samplesMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samplesMs.push(performance.now() - t0);
  }
  return { medianMs: medianOf(samplesMs), samplesMs };
}

/**
 * Times a candidate and a baseline alternately (so machine noise hits both alike) and returns
 * their medians and `ratio = candidate / baseline` (below 1 means the candidate is faster).
 */
export function compare(
  candidate: () => unknown,
  baseline: () => unknown,
  runs = 7,
  warmup = 1,
): { candidate: Timing; baseline: Timing; ratio: number } {
  for (let i = 0; i < warmup; i++) {
    candidate();
    baseline();
  }
  const c: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    baseline();
    b.push(performance.now() - t0);
    t0 = performance.now();
    candidate();
    c.push(performance.now() - t0);
  }
  const candidateT = { medianMs: medianOf(c), samplesMs: c };
  const baselineT = { medianMs: medianOf(b), samplesMs: b };
  return { candidate: candidateT, baseline: baselineT, ratio: candidateT.medianMs / baselineT.medianMs };
}

/** A line describing the machine and runtime, for the report. */
export function machineLine(): string {
  return `Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${new Date().toISOString().slice(0, 10)}`;
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const reportPath = join(root, 'docs', 'benchmarks.md');

/**
 * Replaces (or appends) the section `id` of docs/benchmarks.md, delimited by
 * `<!-- bench:ID:start -->` and `<!-- bench:ID:end -->`, with `markdown`. Other sections are kept.
 */
export function writeReportSection(id: string, markdown: string): void {
  const start = `<!-- bench:${id}:start -->`;
  const end = `<!-- bench:${id}:end -->`;
  const current = existsSync(reportPath) ? readFileSync(reportPath, 'utf8') : '# Benchmarks\n';
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const i = current.indexOf(start);
  const j = current.indexOf(end);
  // A marker missing or repeated (a hand edit) would make the replacement swallow the sections between
  // them: refuse, and leave the file as it is.
  if (i >= 0 !== j >= 0 || j < i || current.indexOf(start, i + 1) >= 0 || current.indexOf(end, j + 1) >= 0)
    throw new Error(
      `docs/benchmarks.md: the markers of section '${id}' are broken (one start and one end after it expected)`,
    );
  const next =
    i >= 0 && j > i
      ? current.slice(0, i) + block + current.slice(j + end.length)
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(reportPath, next);
  console.log(`docs/benchmarks.md: section '${id}' written`);
}

/**
 * The positions 0..n−1 in a seeded random order (Fisher–Yates with `rng`): simulated customers spread
 * over a table as a real customer table holds them, not in the sorted order a simulator gives.
 */
export function randomOrder(n: number, rng: { nextInt(k: number): number }): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}
