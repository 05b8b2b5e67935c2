/**
 * Valid calls of the public functions of src/pipeline, for the fuzzer (test/fuzz/fuzz.test.ts).
 */
import type { SeedTable } from '../_spec.js';

export const PIPELINE_SEEDS: SeedTable = {};
