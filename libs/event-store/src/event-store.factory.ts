import type { EventStoreConfig } from '@app/config';
import type { EventStore } from './event-store.port';
import { SqliteEventStore } from './adapters/sqlite/sqlite-event-store';

/** Opens the event store the configuration names. Production clients load only when used. */
export async function createEventStore(config: EventStoreConfig): Promise<EventStore> {
  switch (config.kind) {
    case 'sqlite':
      return new SqliteEventStore({ filename: config.filename, synchronous: config.synchronous });
    case 'eventstoredb': {
      const { EsdbEventStore } = await import('./adapters/eventstoredb/esdb-event-store');
      return new EsdbEventStore({ connectionString: config.url });
    }
  }
}
