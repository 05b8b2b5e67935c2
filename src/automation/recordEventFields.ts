/**
 * Which field of each kind of record makes the derived record events.
 *
 * @module
 */
import type { EntityKind } from '../core/ids.js';

/**
 * The fields behind the derived record events, per entity kind: `owner` is the field whose change
 * is an `<kind>_assigned` event, `status` the field whose change is an `<kind>_status_changed`
 * event; `null` when the kind has none (its writes give no such event).
 *
 * | kind | owner | status |
 * | --- | --- | --- |
 * | account | `ownerId` | — |
 * | contact | `ownerId` | `lifecycleStage` |
 * | lead | `ownerId` | `status` |
 * | deal | `ownerId` | `stageId` |
 * | activity | `ownerId` | — |
 * | ticket | `assigneeId` | `status` |
 * | campaign | `ownerId` | `status` |
 * | campaignMember | — | `status` |
 * | surveyResponse | — | — |
 * | subscription | — | `status` |
 * | user, team, loyaltyTransaction | — | — |
 * | referral | — | `status` |
 *
 * A ticket is assigned to an agent (`assigneeId`); a deal's status is its pipeline stage.
 *
 * @example
 * ```ts
 * RECORD_EVENT_FIELDS.deal; //=> { owner: 'ownerId', status: 'stageId' }
 * RECORD_EVENT_FIELDS.ticket.owner; //=> 'assigneeId'
 * ```
 */
export const RECORD_EVENT_FIELDS: Readonly<Record<EntityKind, RecordEventFields>> = /* @__PURE__ */ Object.freeze({
  account: /* @__PURE__ */ Object.freeze({ owner: 'ownerId', status: null }),
  contact: /* @__PURE__ */ Object.freeze({ owner: 'ownerId', status: 'lifecycleStage' }),
  lead: /* @__PURE__ */ Object.freeze({ owner: 'ownerId', status: 'status' }),
  deal: /* @__PURE__ */ Object.freeze({ owner: 'ownerId', status: 'stageId' }),
  activity: /* @__PURE__ */ Object.freeze({ owner: 'ownerId', status: null }),
  ticket: /* @__PURE__ */ Object.freeze({ owner: 'assigneeId', status: 'status' }),
  campaign: /* @__PURE__ */ Object.freeze({ owner: 'ownerId', status: 'status' }),
  campaignMember: /* @__PURE__ */ Object.freeze({ owner: null, status: 'status' }),
  surveyResponse: /* @__PURE__ */ Object.freeze({ owner: null, status: null }),
  subscription: /* @__PURE__ */ Object.freeze({ owner: null, status: 'status' }),
  user: /* @__PURE__ */ Object.freeze({ owner: null, status: null }),
  team: /* @__PURE__ */ Object.freeze({ owner: null, status: null }),
  loyaltyTransaction: /* @__PURE__ */ Object.freeze({ owner: null, status: null }),
  referral: /* @__PURE__ */ Object.freeze({ owner: null, status: 'status' }),
});

/**
 * The fields of one kind in {@link RECORD_EVENT_FIELDS}.
 *
 * @example
 * ```ts
 * const lead: RecordEventFields = { owner: 'ownerId', status: 'status' };
 * ```
 */
export interface RecordEventFields {
  /** The field whose change is an `<kind>_assigned` event, or `null`. */
  readonly owner: string | null;
  /** The field whose change is an `<kind>_status_changed` event, or `null`. */
  readonly status: string | null;
}
