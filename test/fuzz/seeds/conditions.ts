/**
 * Valid calls of the public functions of src/conditions, for the fuzzer (test/fuzz/fuzz.test.ts).
 */
import type { SeedTable } from '../_spec.js';

export const CONDITIONS_SEEDS: SeedTable = {};
