import { MemoryOutbox } from '../fakes/memory-outbox.js';
import { runOutboxContract } from './outbox-contract.js';

runOutboxContract('MemoryOutbox', () => ({
  open: async () => new MemoryOutbox(),
  // The fake keeps its state in the object itself: "reopening" is handing the same one back.
  reopen: async (outbox) => outbox,
}));
