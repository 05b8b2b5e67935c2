/**
 * Growth of a function's running time with the size of its input, as a ratio measured in one process:
 * `time(make(factor × n)) / time(make(n))` (by default ×8: three doublings). Linear work gives about
 * `factor`, quadratic `factor²`. Each
 * size is timed several times, alternately, and the fastest run of each is kept (the least disturbed
 * by other processes and the garbage collector), so the ratio is stable on a loaded machine. Never an
 * absolute time. Time is the CPU time of this process (`process.cpuUsage`), not wall time, so other
 * processes on a busy machine do not count.
 */
export function growthRatio(make: (n: number) => () => unknown, n: number, factor = 8, runs = 7, attempts = 3): number {
  // Noise only ever makes a ratio look worse than the work is: keep the best of a few attempts.
  let best = Number.POSITIVE_INFINITY;
  for (let a = 0; a < attempts && best > linearBound(factor); a++) best = Math.min(best, once(make, n, factor, runs));
  return best;
}

function once(make: (n: number) => () => unknown, n: number, factor: number, runs: number): number {
  const small = make(n);
  const big = make(n * factor);
  // Warm up both sizes (the JIT settles on the first calls).
  for (let i = 0; i < 2; i++) {
    small();
    big();
  }
  let ts = Number.POSITIVE_INFINITY;
  let tb = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    ts = Math.min(ts, cpuTime(small));
    tb = Math.min(tb, cpuTime(big));
  }
  return tb / Math.max(ts, 1);
}

/** CPU microseconds (user + system) this process spends running `fn`. */
function cpuTime(fn: () => unknown): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

/**
 * The bound a test asserts for {@link growthRatio} with size factor `factor` (three doublings by
 * default): `factor^1.5` (about 22.6 for 8), halfway on a log scale between linear (`factor`) and
 * quadratic (`factor²` = 64), so that neither noise nor a little superlinear memory cost makes it fail.
 */
export const linearBound = (factor = 8): number => factor ** 1.5;
