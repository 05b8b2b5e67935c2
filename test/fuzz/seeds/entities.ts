/**
 * Valid calls of the public functions of src/entities, for the fuzzer (test/fuzz/fuzz.test.ts).
 */
import type { SeedTable } from '../_spec.js';

export const ENTITIES_SEEDS: SeedTable = {};
