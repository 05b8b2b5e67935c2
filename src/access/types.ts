/**
 * Access control as data: actions, levels, the shapes of a policy's parts.
 *
 * @module
 */
import type { EntityKind } from '../core/ids.js';
import type { UserRole } from '../entities/enums.js';
import type { ConditionJson } from '../conditions/types.js';

/**
 * The actions a policy controls.
 *
 * @example
 * ```ts
 * ACCESS_ACTIONS.includes('edit'); //=> true
 * ```
 */
export const ACCESS_ACTIONS = /* @__PURE__ */ Object.freeze(['read', 'edit', 'delete'] as const);

/**
 * An action a policy controls: `read`, `edit` or `delete`.
 *
 * @example
 * ```ts
 * const a: AccessAction = 'read';
 * ```
 */
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/**
 * The named levels, from the widest to the narrowest: `all` records of the kind, those of the user's
 * `team` (owned by the user or by someone sharing a team with the user), the user's `own` records
 * (`ownerId` is the user's id), `none`.
 *
 * @example
 * ```ts
 * ACCESS_LEVELS[0]; //=> 'all'
 * ```
 */
export const ACCESS_LEVELS = /* @__PURE__ */ Object.freeze(['all', 'team', 'own', 'none'] as const);

/**
 * One of {@link ACCESS_LEVELS}.
 *
 * @example
 * ```ts
 * const l: AccessLevel = 'own';
 * ```
 */
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/**
 * What a default or a role gives for one action: a named level, or a condition in the condition language
 * on the kind's fields (its `$ref` values read the acting user: `user.id`, `user.role`, `user.email`,
 * `user.teamIds`).
 *
 * @example
 * ```ts
 * const r: AccessRule = { field: 'customFields.region', op: 'in', value: { $ref: 'user.teamIds' } };
 * ```
 */
export type AccessRule = AccessLevel | ConditionJson;

/**
 * The rule of each action on one kind of record; a missing action is `none`.
 *
 * @example
 * ```ts
 * const g: AccessGrants = { read: 'team', edit: 'own', delete: 'none' };
 * ```
 */
export type AccessGrants = Readonly<Partial<Record<AccessAction, AccessRule>>>;

/**
 * A sharing rule: the records of `object` that match `where` are granted (the actions set to `true` in
 * `grant`) to every user of a role or every member of a team.
 *
 * @example
 * ```ts
 * const r: SharingRule = {
 *   id: 'big-deals-to-finance',
 *   object: 'deal',
 *   where: { field: 'amount', op: 'gte', value: '100000' },
 *   grant: { read: true },
 *   to: { role: 'viewer' },
 * };
 * ```
 */
export interface SharingRule {
  readonly id: string;
  readonly object: EntityKind;
  readonly where: ConditionJson;
  readonly grant: Readonly<Partial<Record<AccessAction, boolean>>>;
  readonly to: { readonly role: UserRole } | { readonly team: string };
}

/**
 * Who may read and edit one field: role → `false` to refuse (a role not listed is allowed). A role that
 * may not read a field may not edit it either.
 *
 * @example
 * ```ts
 * const f: FieldRule = { read: { support: false }, edit: { sales: false } };
 * ```
 */
export interface FieldRule {
  readonly read?: Readonly<Partial<Record<UserRole, boolean>>>;
  readonly edit?: Readonly<Partial<Record<UserRole, boolean>>>;
}

/**
 * What {@link defineAccessPolicy} takes:
 * - `defaults`: the organisation-wide level of each kind and action, for every user (a missing kind or
 *   action is `none`) — the floor: roles, the hierarchy and sharing rules only add to it;
 * - `roles`: role (a `User.role`) → kind → action → rule;
 * - `hierarchy`: role → the roles that report to it (see {@link defineAccessPolicy});
 * - `sharingRules`: see {@link SharingRule};
 * - `fields`: kind → field (a field of the kind, or `customFields.<key>`) → {@link FieldRule}.
 *
 * @example
 * ```ts
 * const spec: AccessPolicySpec = {
 *   defaults: { deal: { read: 'none', edit: 'none', delete: 'none' } },
 *   roles: { sales: { deal: { read: 'own', edit: 'own' } } },
 *   fields: { deal: { amount: { read: { support: false } } } },
 * };
 * ```
 */
export interface AccessPolicySpec {
  readonly defaults: Readonly<Partial<Record<EntityKind, AccessGrants>>>;
  readonly roles: Readonly<Partial<Record<UserRole, Readonly<Partial<Record<EntityKind, AccessGrants>>>>>>;
  readonly hierarchy?: Readonly<Partial<Record<UserRole, readonly UserRole[]>>>;
  readonly sharingRules?: readonly SharingRule[];
  readonly fields?: Readonly<Partial<Record<EntityKind, Readonly<Record<string, FieldRule>>>>>;
}

/**
 * The user access is decided for: a User entity fits. Only `id`, `role`, `teamIds`, `active` and
 * `tenantId` are read; any other key (an invented `roles` list, say) is ignored and grants nothing.
 *
 * @example
 * ```ts
 * const u: AccessUser = { id: 'user-1', role: 'sales', teamIds: ['team-north'], active: true };
 * ```
 */
export interface AccessUser {
  readonly id: string;
  readonly role: string;
  readonly teamIds?: readonly string[];
  readonly active?: boolean;
  readonly tenantId?: string;
}
