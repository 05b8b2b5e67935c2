/**
 * Which record of a merge survives: the ranking of `confidence`, `oldest` and `most_complete`.
 *
 * @module
 */
import { LIFECYCLE_STAGES } from '../entities/enums.js';
import { fieldsOf, isEmpty, type Kind } from './_mergeFields.js';

type Rec = Readonly<Record<string, unknown>>;

const LEAD_STATUS_RANK: Readonly<Record<string, number>> = {
  unqualified: -1,
  new: 0,
  contacted: 1,
  nurturing: 2,
  qualified: 3,
  converted: 4,
};
const QUALIFICATION_RANK: Readonly<Record<string, number>> = { none: 0, mql: 1, sql: 2 };

function ms(v: unknown): number {
  return v instanceof Date ? v.getTime() : 0;
}

/** How many merged fields (custom fields included) of a record are filled. */
export function filledCount(kind: Kind, r: Rec): number {
  let n = 0;
  for (const f of fieldsOf(kind)) if (!isEmpty(r[f])) n++;
  const custom = r['customFields'];
  if (typeof custom === 'object' && custom !== null)
    for (const v of Object.values(custom as Record<string, unknown>)) if (!isEmpty(v)) n++;
  return n;
}

/**
 * The confidence key of a record, compared element by element, larger first:
 * - lead (Odoo's head rule): not `unqualified` (Odoo's lost), the status further along (converted, the
 *   opportunity, first), the qualification (sql over mql), the score total, the newer;
 * - contact: not `churned`, the lifecycle stage further along, linked to an account, the more e-mails
 *   and phones, the newer;
 * - account: with an owner, the more complete, the newer.
 */
function confidenceKey(kind: Kind, r: Rec): number[] {
  const created = ms(r['createdAt']);
  if (kind === 'lead') {
    const score = r['score'] as { total?: unknown } | null | undefined;
    const total = typeof score?.total === 'number' ? score.total : Number.NEGATIVE_INFINITY;
    return [
      r['status'] === 'unqualified' ? 0 : 1,
      LEAD_STATUS_RANK[r['status'] as string] ?? 0,
      QUALIFICATION_RANK[r['qualification'] as string] ?? 0,
      total,
      created,
    ];
  }
  if (kind === 'contact') {
    const count = (v: unknown) => (Array.isArray(v) ? v.length : 0);
    return [
      r['lifecycleStage'] === 'churned' ? 0 : 1,
      LIFECYCLE_STAGES.indexOf(r['lifecycleStage'] as never),
      isEmpty(r['accountId']) ? 0 : 1,
      count(r['emails']) + count(r['phones']),
      created,
    ];
  }
  return [isEmpty(r['ownerId']) ? 0 : 1, filledCount(kind, r), created];
}

function byKey(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! > b[i]! ? -1 : 1;
  return 0;
}

function byId(a: Rec, b: Rec): number {
  const x = a['id'] as string;
  const y = b['id'] as string;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The index of the survivor by a named rule; ties go to the smaller id, so the input order never matters. */
export function survivorIndex(
  kind: Kind,
  records: readonly Rec[],
  rule: 'confidence' | 'oldest' | 'most_complete',
): number {
  const order = records.map((_, i) => i);
  const cmp =
    rule === 'confidence'
      ? (a: Rec, b: Rec) => byKey(confidenceKey(kind, a), confidenceKey(kind, b)) || byId(a, b)
      : rule === 'oldest'
        ? (a: Rec, b: Rec) => ms(a['createdAt']) - ms(b['createdAt']) || byId(a, b)
        : (a: Rec, b: Rec) =>
            filledCount(kind, b) - filledCount(kind, a) || ms(a['createdAt']) - ms(b['createdAt']) || byId(a, b);
  order.sort((i, j) => cmp(records[i]!, records[j]!));
  return order[0]!;
}
