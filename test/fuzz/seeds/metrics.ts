/**
 * Valid calls of the public functions of src/metrics, for the fuzzer (test/fuzz/fuzz.test.ts).
 */
import type { SeedTable } from '../_spec.js';

export const METRICS_SEEDS: SeedTable = {};
