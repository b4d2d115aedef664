export * from './read-store.port';
export * from './projection';
export * from './projections';
export * from './projector/projector';
export { SqliteReadStore, type SqliteReadStoreOptions } from './adapters/sqlite/sqlite-read-store';
export { createReadStore } from './read-store.factory';
export { ReadStoreModule } from './nest/read-store.module';
export { ProjectorModule, ProjectorService, MAIN_PROJECTOR } from './nest/projector.module';
export * from './views';
