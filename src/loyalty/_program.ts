/**
 * The compiled form of a loyalty programme, kept beside the frozen programme object (so only programmes
 * made by defineLoyaltyProgram are trusted), and the checks every function taking one makes.
 */
import { CrmError } from '../core/errors.js';
import { quoteValue } from '../_lib/show.js';
import type { Dec } from '../money/decimal.js';
import type { LoyaltyOrderLine, LoyaltyProgram } from './types.js';

/** A rule, compiled. */
export interface CompiledRule {
  readonly id: string;
  readonly mode: 'per_order' | 'per_money' | 'per_unit';
  readonly points: Dec;
  readonly per: Dec | null;
  readonly minimumQuantity: Dec | null;
  readonly minimumAmount: Dec | null;
  readonly code: string | null;
  readonly match: ((line: LoyaltyOrderLine) => boolean) | null;
}

/** A reward, compiled: its cost in points and its money value (null when it has none). */
export interface CompiledReward {
  readonly id: string;
  readonly cost: Dec;
  readonly value: Dec | null;
}

/** A tier level, compiled. */
export interface CompiledTier {
  readonly id: string;
  readonly threshold: Dec;
}

/** A programme, compiled. */
export interface CompiledProgram {
  readonly rules: readonly CompiledRule[];
  readonly rewards: ReadonlyMap<string, CompiledReward>;
  readonly tiers: {
    readonly basis: 'points' | 'spend';
    readonly windowMs: number | null;
    readonly levels: readonly CompiledTier[];
  } | null;
  readonly expiryMs: number | null;
}

const COMPILED = /* @__PURE__ */ new WeakMap<object, CompiledProgram>();

/** Remembers the compiled form of a programme. */
export function remember(program: LoyaltyProgram, compiled: CompiledProgram): void {
  COMPILED.set(program, compiled);
}

/** True when `value` was made by defineLoyaltyProgram. */
export function isProgram(value: unknown): value is LoyaltyProgram {
  return typeof value === 'object' && value !== null && COMPILED.has(value);
}

/**
 * The compiled form of a programme made by defineLoyaltyProgram; anything else is a call no
 * type-correct program makes, thrown.
 */
export function compiledOf(program: unknown, fn: string): CompiledProgram {
  const c = typeof program === 'object' && program !== null ? COMPILED.get(program) : undefined;
  if (c === undefined)
    throw new CrmError(
      'validation_failed',
      `${fn}: the programme was not made by defineLoyaltyProgram; received ${quoteValue(program)}`,
      {
        issues: [
          { path: ['program'], message: 'expected a programme made by defineLoyaltyProgram', code: 'invalid_type' },
        ],
      },
    );
  return c;
}
