import { Controller, Get, Header, Inject, Optional } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Gauge } from 'prom-client';
import { AppConfigService } from '@app/config';
import { EVENT_STORE, START, type EventStore } from '@app/event-store';
import { MAIN_PROJECTOR, ProjectorService, READ_STORE, type ReadStore } from '@app/read-models';
import { Public } from '../auth/auth.decorators';
import { LiveGateway } from '../live/live.gateway';
import { LiveHub } from '../live/live-hub';
import { Metrics } from './metrics';

/**
 * `GET /metrics`: Prometheus' text format. Besides what the api counts as it
 * works (Metrics), figures read when scraped: how far the views lag behind
 * the log (on every node), the projector's state where this node runs it, and
 * the live sockets. Public, like
 * `/health`: it shows counts and times, never a person or a project; keep it
 * off the public internet at the load balancer (docs/operations.md).
 */
@ApiTags('operations')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly hub: LiveHub,
    private readonly gateway: LiveGateway,
    private readonly config: AppConfigService,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly views: ReadStore,
    @Optional() @Inject(ProjectorService) private readonly projector?: ProjectorService,
  ) {
    const registers = [metrics.registry];
    new Gauge({ name: 'cp_live_sockets', help: 'Sockets connected to this node on /live', registers, collect: function () { this.set(gateway.sockets); } });
    new Gauge({ name: 'cp_live_subscriptions', help: 'View subscriptions held by this node', registers, collect: function () { this.set(hub.size.subscriptions); } });
    // Counters kept by the hub, read as they stand (prom-client counters cannot be set; these only grow).
    new Gauge({ name: 'cp_live_patches_sent_total', help: 'Patches sent to sockets by this node (one per socket)', registers, collect: function () { this.set(hub.sent.patches); } });
    new Gauge({ name: 'cp_live_snapshots_sent_total', help: 'Snapshots sent to sockets by this node', registers, collect: function () { this.set(hub.sent.snapshots); } });
    new Gauge({
      name: 'cp_live_slow_consumers_total',
      help: 'Sockets whose write buffer filled: sent nothing more until it drained, then a snapshot',
      registers,
      collect: function () { this.set(hub.sent.slowConsumers); },
    });
    this.projectorGauges(registers);
  }

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Prometheus metrics: requests, commands, appends, projector lag, live sockets and deliveries, and the process' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' } })
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }

  /**
   * The views' progress. Where this node runs the projector, its state and
   * position; on every node, the lag, from the checkpoint the views hold (the
   * projector may run elsewhere: the projector app).
   */
  private projectorGauges(registers: Metrics['registry'][]): void {
    const { events, views, projector } = this;
    // Positions are event numbers in the embedded store; on EventStoreDB they are byte offsets in the log.
    const dense = this.config.values.eventStore.kind === 'sqlite';
    const committed = async (): Promise<bigint | null> =>
      projector !== undefined && projector.status.state === 'running' ? projector.status.position : views.getCheckpoint(MAIN_PROJECTOR);
    if (projector !== undefined) {
      new Gauge({
        name: 'cp_projector_up',
        help: "1 while this node's projector runs, starts or stands by (another holds the lease), 0 when it stopped or failed",
        registers,
        collect: function () {
          this.set(['running', 'starting', 'standby'].includes(projector.status.state) ? 1 : 0);
        },
      });
      new Gauge({
        name: 'cp_projector_active',
        help: "1 while this node's projector holds the lease and follows the log, 0 while it stands by (or is down)",
        registers,
        collect: function () {
          this.set(['running', 'starting'].includes(projector.status.state) ? 1 : 0);
        },
      });
      new Gauge({
        name: 'cp_projector_set_aside',
        help: 'Events set aside because a view could not fold them (see /health)',
        registers,
        collect: function () {
          this.set(projector.status.setAside);
        },
      });
    }
    if (dense) {
      new Gauge({
        name: 'cp_projector_position',
        help: 'The last log position the views hold (committed)',
        registers,
        collect: async function () {
          this.set(Number((await committed()) ?? 0n));
        },
      });
      new Gauge({
        name: 'cp_projector_lag_events',
        help: 'Events in the log the views do not hold yet',
        registers,
        collect: async function () {
          const [head, position] = await Promise.all([events.headPosition(), committed()]);
          this.set(head === null ? 0 : Number(head - (position ?? 0n)));
        },
      });
    }
    new Gauge({
      name: 'cp_projector_lag_seconds',
      help: 'How long ago the oldest event the views do not hold yet was recorded (0 when they hold every event)',
      registers,
      collect: async function () {
        const position = await committed();
        for await (const event of events.readAll({ fromPosition: position ?? START, limit: 1 })) {
          this.set(Math.max(0, (Date.now() - Date.parse(event.recordedAt)) / 1000));
          return;
        }
        this.set(0);
      },
    });
  }
}
