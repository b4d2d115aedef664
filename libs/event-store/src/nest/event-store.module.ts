import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfigService } from '@app/config';
import { EVENT_STORE, type EventStore } from '../event-store.port';
import { createEventStore } from '../event-store.factory';

/** Closes the store last, after the HTTP server and the projector have stopped. */
@Injectable()
class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** Provides the `EventStore` port, bound to the adapter the configuration names. */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [AppConfigService],
      useFactory: (config: AppConfigService) => createEventStore(config.values.eventStore),
    },
    EventStoreLifecycle,
  ],
  exports: [EVENT_STORE],
})
export class EventStoreModule {}
