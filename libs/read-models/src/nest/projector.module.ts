import {
  Inject,
  Injectable,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { AppConfigService } from '@app/config';
import { EVENT_STORE, type EventStore, type GlobalPosition } from '@app/event-store';
import { HashChainGuard } from '../projector/event-guard';
import { Projector, type ProjectorStatus } from '../projector/projector';
import { allProjections } from '../projections';
import { READ_STORE, type ReadStore } from '../read-store.port';
import { MAIN_PROJECTOR, projectorHolderId } from './main-projector';
import { ProjectorService } from './projector.service';
import { ThreadProjectorService } from './projector-thread';

export { MAIN_PROJECTOR, projectorHolderId } from './main-projector';
export { ProjectorService } from './projector.service';

/** Runs the projector over every view, on this thread, for as long as the application runs. */
@Injectable()
export class InProcessProjectorService extends ProjectorService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projector');
  readonly projector: Projector;
  private progressAt = Date.now();

  constructor(@Inject(EVENT_STORE) events: EventStore, @Inject(READ_STORE) store: ReadStore, config: AppConfigService) {
    super();
    this.projector = new Projector({
      // One active projector however many processes run one (docs/operations.md).
      lease: { holder: projectorHolderId(), ttlMs: config.values.projectorLeaseTtlMs },
      name: MAIN_PROJECTOR,
      events,
      store,
      projections: allProjections,
      guard: new HashChainGuard(events),
      logger: this.logger,
      onCommit: () => {
        this.progressAt = Date.now();
      },
    });
  }

  get sinceProgressMs(): number {
    return Date.now() - this.progressAt;
  }

  get status(): ProjectorStatus {
    return this.projector.status;
  }

  waitFor(position: GlobalPosition, timeoutMs?: number): Promise<void> {
    return this.projector.waitFor(position, timeoutMs);
  }

  stop(): Promise<void> {
    return this.projector.stop();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.progressAt = Date.now();
    await this.projector.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.projector.stop();
  }
}

/** The projector on this thread: for the projector app, and for the api in the embedded profile with PROJECTOR_THREAD=false. */
@Module({ providers: [{ provide: ProjectorService, useClass: InProcessProjectorService }], exports: [ProjectorService] })
export class ProjectorModule {}

/**
 * The projector on a worker thread of its own, with its own connections to
 * the stores: for the api in the embedded profile (the default). The main
 * thread keeps only what it reads of it (`ThreadProjectorService`).
 */
@Module({ providers: [{ provide: ProjectorService, useClass: ThreadProjectorService }], exports: [ProjectorService] })
export class ProjectorThreadModule {}
