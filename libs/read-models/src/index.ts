export * from './read-store.port';
export * from './projection';
export * from './projections';
export * from './projector/projector';
export { SqliteReadStore, type SqliteReadStoreOptions } from './adapters/sqlite/sqlite-read-store';
