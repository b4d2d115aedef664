import { Module } from '@nestjs/common';
import { AppConfigModule } from '@app/config';
import { EventStoreModule } from '@app/event-store';
import { ProjectorModule, ReadStoreModule } from '@app/read-models';

/** The projector on its own: follows the log and keeps every view in the read store. */
@Module({ imports: [AppConfigModule, EventStoreModule, ReadStoreModule, ProjectorModule] })
export class ProjectorAppModule {}
