import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfigService } from '@app/config';
import { READ_STORE, type ReadStore } from '../read-store.port';
import { createReadStore } from '../read-store.factory';

@Injectable()
class ReadStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(READ_STORE) private readonly store: ReadStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** Provides the `ReadStore` port, bound to the adapter the configuration names. */
@Global()
@Module({
  providers: [
    {
      provide: READ_STORE,
      inject: [AppConfigService],
      useFactory: (config: AppConfigService) => createReadStore(config.values.readStore),
    },
    ReadStoreLifecycle,
  ],
  exports: [READ_STORE],
})
export class ReadStoreModule {}
