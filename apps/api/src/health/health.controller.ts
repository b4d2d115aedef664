import { Controller, Get, Inject, Optional, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { MAIN_PROJECTOR, ProjectorService, READ_STORE, type ReadStore } from '@app/read-models';
import { HealthReportDto } from './health.dto';
import { WriteHealth } from './write-health';
import { Public } from '../auth/auth.decorators';
import type { HealthCheck, HealthReport } from '@app/contracts';

const CHECK_TIMEOUT_MS = 2000;
/** A projector that has committed nothing for this long while the log holds events its views lack is stuck. */
export const PROJECTOR_STUCK_AFTER_MS = 60_000;

/** Readiness: 200 when both stores answer, the event store took the last write (or none failed lately) and the in-process projector runs; else 503. */
@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly views: ReadStore,
    @Optional() @Inject(ProjectorService) private readonly projector?: ProjectorService,
    @Optional() private readonly writes?: WriteHealth,
  ) {}

  private behind(position: bigint | null): Promise<boolean> {
    return headAfter(this.events, position);
  }

  @Get()
  @ApiOperation({ summary: 'Readiness: both stores answer and, where this node runs it, the projector runs and is not stuck' })
  @ApiOkResponse({ type: HealthReportDto, description: 'Ready' })
  @ApiServiceUnavailableResponse({ type: HealthReportDto, description: 'Not ready: the checks say what is down' })
  async check(@Res({ passthrough: true }) response: FastifyReply): Promise<HealthReport> {
    const [pinged, readStore] = await Promise.all([probe(() => this.events.ping()), probe(() => this.views.ping())]);
    // It may answer reads and still refuse every write (a full disk): then it is down too.
    const writeProblem = this.writes?.problem() ?? null;
    const eventStore: HealthCheck = pinged.status === 'up' && writeProblem !== null ? { status: 'down', error: `writes fail: ${writeProblem}` } : pinged;
    let checks: HealthReport['checks'] = { eventStore, readStore };
    let ok = eventStore.status === 'up' && readStore.status === 'up';
    if (this.projector !== undefined) {
      const status = this.projector.status;
      const running = status.state === 'running' || status.state === 'starting' || status.state === 'standby';
      const stuck = status.state === 'running' && this.projector.sinceProgressMs > PROJECTOR_STUCK_AFTER_MS && (await this.behind(status.position));
      ok &&= running && !stuck;
      const check: HealthCheck = stuck
        ? { status: 'down', error: `stuck: nothing committed for ${Math.round(this.projector.sinceProgressMs / 1000)} s while the log holds events the views lack` }
        : running
          ? { status: 'up' }
          : { status: 'down', error: status.error ?? status.state };
      // Standing by, the views are where the active projector (elsewhere) has committed.
      const position = status.state === 'standby' ? await this.views.getCheckpoint(MAIN_PROJECTOR).catch(() => null) : status.position;
      checks = {
        ...checks,
        projector: {
          ...check,
          state: status.state,
          position: position === null ? null : position.toString(),
          setAside: status.setAside,
          ...(status.lastSetAside === null ? {} : { lastSetAside: status.lastSetAside }),
        },
      };
    }
    response.status(ok ? 200 : 503).header('Cache-Control', 'no-store');
    return { status: ok ? 'ok' : 'unavailable', checks };
  }
}

/** Whether the log holds events after `position` (an event store that does not answer is reported by its own check). */
async function headAfter(events: EventStore, position: bigint | null): Promise<boolean> {
  const head = await events.headPosition().catch(() => null);
  return head !== null && (position === null || head > position);
}

async function probe(ping: () => Promise<void>): Promise<HealthCheck> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ping(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
