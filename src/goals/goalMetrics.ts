/**
 * The metrics a goal can name: every measure of crmkit/metrics, with which way is better and whether
 * its value is a number or Money.
 *
 * @module
 */

/**
 * How a goal reads a measure: which way is better, and whether values are plain numbers (rates, scores,
 * ratios, counts, days) or Money.
 *
 * @example
 * ```ts
 * const demos: GoalMeasure = { better: 'higher', kind: 'number' };
 * ```
 */
export interface GoalMeasure {
  /** `higher` when a larger value is better (NPS, retention), `lower` when a smaller one is (churn, CAC). */
  readonly better: 'higher' | 'lower';
  /** `number` for rates, scores, ratios, counts and durations; `money` for amounts (values are Money). */
  readonly kind: 'number' | 'money';
}

/**
 * The measures of crmkit/metrics a goal can name, by the name of the function that computes them, each
 * with its {@link GoalMeasure}: rates as fractions (`churnRate` 0.04 is 4%), scores on their scale
 * (`nps` −100…100), `leadToCustomerTime` in days, `cacPaybackPeriods` in periods, amounts as Money.
 * Frozen.
 *
 * @example
 * ```ts
 * GOAL_METRICS.churnRate; //=> { better: 'lower', kind: 'number' }
 * GOAL_METRICS.customerAcquisitionCost; //=> { better: 'lower', kind: 'money' }
 * ```
 */
export const GOAL_METRICS = /* @__PURE__ */ Object.freeze({
  nps: /* @__PURE__ */ Object.freeze({ better: 'higher', kind: 'number' } as const),
  ces: /* @__PURE__ */ Object.freeze({ better: 'higher', kind: 'number' } as const),
  csat: /* @__PURE__ */ Object.freeze({ better: 'higher', kind: 'number' } as const),
  churnRate: /* @__PURE__ */ Object.freeze({ better: 'lower', kind: 'number' } as const),
  retentionRate: /* @__PURE__ */ Object.freeze({ better: 'higher', kind: 'number' } as const),
  grossRevenueRetention: /* @__PURE__ */ Object.freeze({ better: 'higher', kind: 'number' } as const),
  netRevenueRetention: /* @__PURE__ */ Object.freeze({ better: 'higher', kind: 'number' } as const),
  renewalRate: /* @__PURE__ */ Object.freeze({ better: 'higher', kind: 'number' } as const),
  conversionRate: /* @__PURE__ */ Object.freeze({ better: 'higher', kind: 'number' } as const),
  leadToCustomerTime: /* @__PURE__ */ Object.freeze({ better: 'lower', kind: 'number' } as const),
  customerAcquisitionCost: /* @__PURE__ */ Object.freeze({ better: 'lower', kind: 'money' } as const),
  customerRetentionCost: /* @__PURE__ */ Object.freeze({ better: 'lower', kind: 'money' } as const),
  customerLifetimeValue: /* @__PURE__ */ Object.freeze({ better: 'higher', kind: 'money' } as const),
  historicalCustomerValue: /* @__PURE__ */ Object.freeze({ better: 'higher', kind: 'money' } as const),
  averageRevenuePerCustomer: /* @__PURE__ */ Object.freeze({ better: 'higher', kind: 'money' } as const),
  ltvToCac: /* @__PURE__ */ Object.freeze({ better: 'higher', kind: 'number' } as const),
  cacPaybackPeriods: /* @__PURE__ */ Object.freeze({ better: 'lower', kind: 'number' } as const),
});

/**
 * The name of a measure of crmkit/metrics a goal can name: a key of {@link GOAL_METRICS}.
 *
 * @example
 * ```ts
 * const m: GoalMetric = 'churnRate';
 * ```
 */
export type GoalMetric = keyof typeof GOAL_METRICS;
