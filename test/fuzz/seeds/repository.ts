/**
 * Valid calls of the public functions of src/repository, for the fuzzer (test/fuzz/fuzz.test.ts).
 */
import type { SeedTable } from '../_spec.js';

export const REPOSITORY_SEEDS: SeedTable = {};
