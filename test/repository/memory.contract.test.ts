// The repository contract suite against the memory store (the reference implementation).
import { runRepositoryContract } from '../../src/testing/index.js';
import { createMemoryStore } from '../../src/repository/index.js';

runRepositoryContract({
  name: 'memory store',
  setup: () => createMemoryStore(),
  recordEvents: () => createMemoryStore({ recordEvents: true }),
});
