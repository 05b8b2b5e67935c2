/** The error for input that could not be read (a getter or proxy that threw): an issue, never a throw. */
import type { CrmError } from '../core/errors.js';
import { crmIssue, invalidInput } from '../core/issues.js';
import { quoteValue } from '../_lib/show.js';

export function unreadable(what: string, e: unknown): CrmError {
  return invalidInput(what, [
    crmIssue.invalidType(
      [],
      `readable input (reading it threw: ${e instanceof Error ? e.message.slice(0, 200) : quoteValue(e)})`,
      undefined,
    ),
  ]);
}
