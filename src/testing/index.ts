/**
 * Testing tools for storage adapters: the repository contract suite for vitest and fast-check
 * arbitraries of valid entities. Needs the optional peer dependencies `vitest` and `fast-check`.
 *
 * @module crmkit/testing
 */
export { runRepositoryContract } from './contract.js';
export type { RepositoryContractOptions, ContractCapabilities } from './contract.js';
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
  entityArbitraries,
} from './arbitraries.js';
export type { ArbitraryOptions } from './arbitraries.js';
