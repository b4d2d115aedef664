import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AppConfigModule, type AppConfig } from '@app/config';
import { EventStoreModule } from '@app/event-store';
import { ProjectorModule, ReadStoreModule } from '@app/read-models';
import { HealthController } from './health/health.controller';
import { ProblemDetailsFilter } from './http/problem-details.filter';

/** The api: HTTP commands and queries; in the embedded profile it also runs the projector. */
@Module({})
export class AppModule {
  static forRoot(config: Pick<AppConfig, 'projectorInProcess'>): DynamicModule {
    return {
      module: AppModule,
      imports: [AppConfigModule, EventStoreModule, ReadStoreModule, ...(config.projectorInProcess ? [ProjectorModule] : [])],
      controllers: [HealthController],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
