/**
 * Valid calls of the public functions of src/clv, for the fuzzer (test/fuzz/fuzz.test.ts).
 */
import type { SeedTable } from '../_spec.js';

export const CLV_SEEDS: SeedTable = {};
