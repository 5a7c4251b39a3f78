import type { RequestStore } from '../../src/domain/ports.js';
import { MemoryRequestStore } from '../fakes/memory-store.js';
import { runStoreContract } from './store-contract.js';

runStoreContract('MemoryRequestStore', () => ({
  open: async () => new MemoryRequestStore(),
  // A memory store "restarts" with the requests it held.
  reopen: async (store: RequestStore) => new MemoryRequestStore(await store.list()),
}));
