import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfigModule, type AppConfig } from '@app/config';
import { EventStoreModule } from '@app/event-store';
import { ProjectorModule, ReadStoreModule } from '@app/read-models';

/** The projector on its own: follows the log and keeps every view in the read store. */
@Module({})
export class ProjectorAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ProjectorAppModule,
      imports: [AppConfigModule.forRoot(config), EventStoreModule, ReadStoreModule, ProjectorModule],
    };
  }
}
