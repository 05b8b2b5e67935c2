// Issue 15: the service guide's code runs. Every ```ts block of docs/service.md is type-checked strictly
// against the source (its `crmkit/…` imports resolved to src/ through entries.json) and run; a `//=> value`
// comment is checked against the value of its statement (the helpers of test/metrics/_codeBlocks.ts).
import { guideSuite } from '../metrics/_codeBlocks.js';

guideSuite('docs/service.md', {
  names: [
    'transitionTicket',
    'recordTicketReply',
    'defineBusinessCalendar',
    'addBusinessTime',
    'businessMinutesBetween',
    'businessOffset',
    'defineSlaPolicy',
    'selectSlaPolicy',
    'slaStatus',
    'slaAtRisk',
    'slaAttainment',
    'firstResponseTime',
    'nextResponseTime',
    'resolutionTime',
    'backlog',
    'leadResponseTime',
    'byTicketType',
  ],
  minChecks: 50,
});
