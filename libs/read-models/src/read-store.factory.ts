import type { ReadStoreConfig } from '@app/config';
import type { ReadStore } from './read-store.port';
import { SqliteReadStore } from './adapters/sqlite/sqlite-read-store';

/** Opens the read store the configuration names. Production clients load only when used. */
export async function createReadStore(config: ReadStoreConfig): Promise<ReadStore> {
  switch (config.kind) {
    case 'sqlite':
      return new SqliteReadStore({ filename: config.filename, synchronous: config.synchronous });
    case 'mongodb': {
      const { MongoReadStore } = await import('./adapters/mongodb/mongodb-read-store');
      return MongoReadStore.connect(config.url);
    }
  }
}
