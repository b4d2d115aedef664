export * from './event-store.port';
export * from './errors';
export * from './append-rules';
export { storedJson, eventFromJson, type StoredJson } from './stored-json';
export { MemoryEventStore, type MemoryEventStoreOptions } from './adapters/memory/memory-event-store';
export {
  SqliteEventStore,
  type SqliteEventStoreOptions,
  type SqliteSynchronous,
} from './adapters/sqlite/sqlite-event-store';
export { WalCheckpointer } from './adapters/sqlite/wal-checkpointer';
export { createEventStore } from './event-store.factory';
export { EventStoreModule } from './nest/event-store.module';
