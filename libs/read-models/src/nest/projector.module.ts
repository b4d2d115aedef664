import {
  Inject,
  Injectable,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { AppConfigService } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { HashChainGuard } from '../projector/event-guard';
import { Projector, type ProjectorStatus } from '../projector/projector';
import { allProjections } from '../projections';
import { READ_STORE, type ReadStore } from '../read-store.port';

export const MAIN_PROJECTOR = 'main';

/** Runs the projector over every view for as long as the application runs. */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projector');
  readonly projector: Projector;
  private progressAt = Date.now();

  constructor(@Inject(EVENT_STORE) events: EventStore, @Inject(READ_STORE) store: ReadStore, config: AppConfigService) {
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

  /** How long ago the projector last committed (or started): with events waiting, a long time means it is stuck. */
  get sinceProgressMs(): number {
    return Date.now() - this.progressAt;
  }

  get status(): ProjectorStatus {
    return this.projector.status;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.progressAt = Date.now();
    await this.projector.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.projector.stop();
  }
}

/** Who this projector is among those that may run: host, process, and a random part (a pid is reused). */
export function projectorHolderId(): string {
  return `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;
}

/** The projector, for the projector app and for the api in the embedded profile. */
@Module({ providers: [ProjectorService], exports: [ProjectorService] })
export class ProjectorModule {}
