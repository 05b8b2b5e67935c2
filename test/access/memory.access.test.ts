// Issue 16: the access contract (runAccessContract) on the memory store.
import { runAccessContract } from '../../src/testing/index.js';
import { createMemoryStore } from '../../src/repository/memory.js';

runAccessContract({ name: 'memory store', setup: () => createMemoryStore(), capabilities: { modelRuns: 150 } });
