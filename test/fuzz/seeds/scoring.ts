/**
 * Valid calls of the public functions of src/scoring, for the fuzzer (test/fuzz/fuzz.test.ts).
 */
import type { SeedTable } from '../_spec.js';

export const SCORING_SEEDS: SeedTable = {};
