/** Reading referral records (the fields the referral metrics use), with paths. */
import { crmIssue, type IssueList } from '../core/issues.js';
import { REFERRAL_STATUSES, type ReferralStatus } from '../entities/enums.js';
import { instantMs } from '../_lib/instantMs.js';
import { isObject } from './_read.js';

const STATUSES: ReadonlySet<string> = /* @__PURE__ */ new Set(REFERRAL_STATUSES);

/** A referral as read. */
export interface ReadReferral {
  readonly referrer: string;
  readonly status: ReferralStatus;
  readonly at: number;
}

/** Calls `visit` for every referral that reads well; an issue with its path for every one that does not. */
export function readReferrals(list: unknown, issues: IssueList, visit: (r: ReadReferral) => void): void {
  if (!Array.isArray(list)) {
    issues.push(crmIssue.invalidType(['referrals'], 'a list of referrals', list));
    return;
  }
  for (let i = 0; i < list.length; i++) {
    if (issues.full) {
      issues.count++;
      continue;
    }
    const r: unknown = list[i];
    const path = ['referrals', i];
    if (!isObject(r)) {
      issues.push(crmIssue.invalidType(path, 'a referral { referrerContactId, status, referredAt }', r));
      continue;
    }
    const before = issues.count;
    const referrer = r['referrerContactId'];
    if (typeof referrer !== 'string' || referrer === '')
      issues.push(crmIssue.invalidType([...path, 'referrerContactId'], "a contact's id", referrer));
    const status = r['status'];
    if (typeof status !== 'string' || !STATUSES.has(status))
      issues.push(crmIssue.invalidValue([...path, 'status'], 'an unknown referral status', status, REFERRAL_STATUSES));
    const at = instantMs(r['referredAt']);
    if (Number.isNaN(at)) issues.push(crmIssue.invalidDate([...path, 'referredAt'], r['referredAt']));
    if (issues.count === before) visit({ referrer: referrer as string, status: status as ReferralStatus, at });
  }
}
