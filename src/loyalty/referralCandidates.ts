/**
 * referralCandidates: the promoters (NPS 9–10) among contacts, the natural referrers.
 *
 * @module
 */
import { crmIssue, IssueList } from '../core/issues.js';
import { err, ok, type Result } from '../core/result.js';
import { instantMs } from '../_lib/instantMs.js';
import { unreadable } from './_fail.js';
import { isObject } from './_read.js';
import { readOptions } from './_options.js';

/**
 * The fields of a survey response {@link referralCandidates} reads: a `SurveyResponse` entity fits.
 *
 * @example
 * ```ts
 * const r: PromoterResponse = { kind: 'nps', score: 10, contactId: 'c1', answeredAt: '2026-05-02T09:00:00Z' };
 * ```
 */
export interface PromoterResponse {
  /** The survey kind: only `nps` responses are read. */
  readonly kind: string;
  /** The answer, 0–10 for NPS. */
  readonly score: number;
  /** The contact who answered, or `null` (such responses are skipped). */
  readonly contactId: string | null;
  /** When (a Date or an ISO 8601 instant). */
  readonly answeredAt: Date | string;
}

/**
 * Options of {@link referralCandidates}.
 *
 * @example
 * ```ts
 * const o: ReferralCandidatesOptions = { asOf: '2026-06-30T00:00:00Z' };
 * ```
 */
export interface ReferralCandidatesOptions {
  /** Responses after it are left out; default all. */
  readonly asOf?: Date | string | null;
}

/**
 * A promoter, with the answer that makes them one.
 *
 * @example
 * ```ts
 * const c: ReferralCandidate = { contactId: 'c1', score: 10, answeredAt: new Date('2026-05-02T09:00:00Z') };
 * ```
 */
export interface ReferralCandidate {
  /** The contact. */
  readonly contactId: string;
  /** Their latest NPS answer (9 or 10). */
  readonly score: number;
  /** When they gave it. */
  readonly answeredAt: Date;
}

/**
 * The contacts whose latest NPS answer (at or before `asOf`) makes them promoters — 9 or 10 on the
 * 0–10 scale (Reichheld 2003, "The One Number You Need to Grow", HBR) — in the order of `contacts`.
 * A promoter who later answered 6 is not one any more. Responses of other kinds, without a contact, or
 * of contacts not in `contacts` are skipped; among a contact's answers at the same instant the last one
 * given counts.
 *
 * Returns a `Result` and never throws for its input: a response or contact that is not one (its path
 * under `responses` / `contacts`; an NPS score outside 0–10 is `invalid_value`), a bad `asOf` or an
 * unknown option — each a `validation_failed` issue.
 *
 * @example
 * ```ts
 * const responses = [
 *   { kind: 'nps', score: 10, contactId: 'c1', answeredAt: '2026-02-01T00:00:00Z' },
 *   { kind: 'nps', score: 9, contactId: 'c2', answeredAt: '2026-02-01T00:00:00Z' },
 *   { kind: 'nps', score: 6, contactId: 'c2', answeredAt: '2026-05-01T00:00:00Z' },
 *   { kind: 'nps', score: 7, contactId: 'c3', answeredAt: '2026-02-01T00:00:00Z' },
 * ];
 * const r = referralCandidates(responses, [{ id: 'c1' }, { id: 'c2' }, { id: 'c3' }]);
 * unwrap(r).map((c) => c.contactId); //=> ['c1']
 * ```
 */
export function referralCandidates(
  responses: readonly PromoterResponse[],
  contacts: readonly { readonly id: string }[],
  options?: ReferralCandidatesOptions | null,
): Result<readonly ReferralCandidate[]> {
  try {
    const issues = new IssueList();
    const o = readOptions(options, ['asOf'], issues);
    let asOf = Number.POSITIVE_INFINITY;
    if (o['asOf'] !== undefined && o['asOf'] !== null) {
      asOf = instantMs(o['asOf']);
      if (Number.isNaN(asOf)) issues.push(crmIssue.invalidDate(['options', 'asOf'], o['asOf']));
    }
    const order: string[] = [];
    const known = new Set<string>();
    if (!Array.isArray(contacts))
      issues.push(crmIssue.invalidType(['contacts'], 'a list of contacts { id }', contacts));
    else
      for (let i = 0; i < contacts.length; i++) {
        const c: unknown = contacts[i];
        const id = isObject(c) ? c['id'] : undefined;
        if (typeof id !== 'string' || id === '')
          issues.push(crmIssue.invalidType(['contacts', i, 'id'], "a contact's id", id));
        else if (!known.has(id)) {
          known.add(id);
          order.push(id);
        }
      }
    const latest = new Map<string, { score: number; at: number }>();
    if (!Array.isArray(responses))
      issues.push(crmIssue.invalidType(['responses'], 'a list of survey responses', responses));
    else
      for (let i = 0; i < responses.length; i++) {
        const r: unknown = responses[i];
        const path = ['responses', i];
        if (!isObject(r)) {
          issues.push(crmIssue.invalidType(path, 'a survey response { kind, score, contactId, answeredAt }', r));
          continue;
        }
        if (typeof r['kind'] !== 'string') {
          issues.push(crmIssue.invalidType([...path, 'kind'], 'a survey kind (text)', r['kind']));
          continue;
        }
        if (r['kind'] !== 'nps') continue;
        const contactId = r['contactId'];
        if (contactId !== null && contactId !== undefined && typeof contactId !== 'string') {
          issues.push(crmIssue.invalidType([...path, 'contactId'], "a contact's id or null", contactId));
          continue;
        }
        const score = r['score'];
        if (typeof score !== 'number' || !Number.isInteger(score) || score < 0 || score > 10) {
          issues.push(crmIssue.invalidValue([...path, 'score'], 'an NPS answer is a whole number from 0 to 10', score));
          continue;
        }
        const at = instantMs(r['answeredAt']);
        if (Number.isNaN(at)) {
          issues.push(crmIssue.invalidDate([...path, 'answeredAt'], r['answeredAt']));
          continue;
        }
        if (typeof contactId !== 'string' || !known.has(contactId) || at > asOf) continue;
        const seen = latest.get(contactId);
        if (seen === undefined || at >= seen.at) latest.set(contactId, { score, at });
      }
    if (issues.count > 0) return err(issues.error('referralCandidates'));
    const out: ReferralCandidate[] = [];
    for (const id of order) {
      const l = latest.get(id);
      if (l !== undefined && l.score >= 9)
        out.push(Object.freeze({ contactId: id, score: l.score, answeredAt: new Date(l.at) }));
    }
    return ok(Object.freeze(out));
  } catch (e) {
    return err(unreadable('referralCandidates', e));
  }
}
