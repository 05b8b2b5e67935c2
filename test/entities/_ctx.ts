import { fixedClock, sequentialIdGenerator } from '../../src/core/index.js';
import type { EntityContext } from '../../src/entities/index.js';

/** A deterministic context: ids `lead-1`, `deal-1`, …; the clock starts at 2026-01-01 and ticks 1 s per call. */
export function testCtx(extra: Partial<EntityContext> = {}): EntityContext {
  return { clock: fixedClock('2026-01-01T00:00:00Z', 1000), ids: sequentialIdGenerator(), ...extra };
}
