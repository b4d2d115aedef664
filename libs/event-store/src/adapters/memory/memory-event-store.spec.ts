import { eventStoreContract } from '../../testing/event-store.contract';
import { MemoryEventStore } from './memory-event-store';

eventStoreContract('memory', {
  open: async () => new MemoryEventStore(),
  release: (store) => store.close(),
});
