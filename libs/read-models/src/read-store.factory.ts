import type { ReadStoreConfig } from '@app/config';
import type { ReadStore } from './read-store.port';
import { SqliteReadStore } from './adapters/sqlite/sqlite-read-store';

/**
 * Views read on every request (who the caller is, what they may do in a
 * project, the keys that reveal names): small documents, kept parsed in
 * memory by the embedded store. `personal_keys` is the api's key store
 * (docs/privacy.md).
 */
export const CACHED_VIEWS = ['sessions', 'users', 'accounts', 'project_members', 'memberships', 'personal_keys'] as const;

/** Opens the read store the configuration names. Production clients load only when used. */
export async function createReadStore(config: ReadStoreConfig): Promise<ReadStore> {
  switch (config.kind) {
    case 'sqlite':
      return new SqliteReadStore({ filename: config.filename, synchronous: config.synchronous, cachedViews: CACHED_VIEWS });
    case 'mongodb': {
      const { MongoReadStore } = await import('./adapters/mongodb/mongodb-read-store');
      return MongoReadStore.connect(config.url);
    }
  }
}
