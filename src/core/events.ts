/**
 * Domain events: what happened to a record, as data. Pure functions return them; stores write
 * them to an outbox in the same transaction as the change that caused them.
 *
 * @module
 */
import type { EntityKind } from './ids.js';

/**
 * A domain event. `type` is a snake_case string literal (e.g. `deal_won`); `aggregate` names the
 * record it is about; `payload` is JSON-serializable data specific to the type.
 *
 * @example
 * ```ts
 * const e: DomainEvent<'lead_converted', { contactId: string }> = {
 *   id: 'evt-1', type: 'lead_converted', at: new Date('2026-01-01T00:00:00Z'), by: 'user-1',
 *   aggregate: { kind: 'lead', id: 'lead-1' }, payload: { contactId: 'contact-1' },
 * };
 * ```
 */
export interface DomainEvent<T extends string = string, P = unknown> {
  /** Unique id of the event. */
  readonly id: string;
  /** What happened, snake_case. */
  readonly type: T;
  /** When it happened (UTC). */
  readonly at: Date;
  /** Who did it (a user id), when known. */
  readonly by: string | null;
  /** The record the event is about. */
  readonly aggregate: { readonly kind: EntityKind; readonly id: string };
  /** Event-specific data. */
  readonly payload: P;
}
