/**
 * Testing tools for storage adapters: the repository contract suite for vitest, fast-check
 * arbitraries of valid entities, and random conditions in the condition language. Needs the optional peer dependencies `vitest` and `fast-check`.
 *
 * @module crmkit/testing
 */
export { runRepositoryContract } from './contract.js';
export type { RepositoryContractOptions, ContractCapabilities, DatabaseFaults } from './contract.js';
export { runAccessContract } from './accessContract.js';
export type { AccessContractOptions } from './accessContract.js';
export {
  accountArbitrary,
  contactArbitrary,
  leadArbitrary,
  dealArbitrary,
  activityArbitrary,
  ticketArbitrary,
  campaignArbitrary,
  surveyResponseArbitrary,
  subscriptionArbitrary,
  userArbitrary,
  teamArbitrary,
  campaignMemberArbitrary,
  loyaltyTransactionArbitrary,
  referralArbitrary,
  entityArbitraries,
  customFieldsArbitrary,
  CONDITION_WORDS,
} from './arbitraries.js';
export { conditionArbitrary, CONDITION_TEST_CONTEXT } from './conditionArbitrary.js';
export type { ArbitraryOptions } from './arbitraries.js';
