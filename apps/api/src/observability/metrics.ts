import { Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The api's Prometheus metrics (`GET /metrics`, docs/operations.md), in a
 * registry of its own (not prom-client's global one): what the api counts as
 * it works. The figures read at scrape time (projector lag, sockets) are added
 * by MetricsController. Node's own metrics (CPU, memory, event-loop lag, GC)
 * come with them.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'cp_http_requests_total',
    help: 'HTTP requests answered, by method, route (its template) and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'cp_http_request_duration_seconds',
    help: 'Time from a request received to its answer sent, by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'cp_commands_total',
    help: 'Commands run, by stream kind (project, user, …) and outcome: accepted (stored, or nothing to store), refused (a domain rule), failed (anything else)',
    labelNames: ['stream', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly appendDuration = new Histogram({
    name: 'cp_event_append_duration_seconds',
    help: 'Time to append one batch of events to the event store',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  readonly eventsAppended = new Counter({
    name: 'cp_events_appended_total',
    help: 'Events appended to the event store by this node',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Counts and times every answer, by the route's template (never the raw path: ids would make a series each). */
  instrument(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      this.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
      this.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
      done();
    });
  }
}

/** The kind of a stream, for a label: `project-<id>` → `project`. */
export function streamKind(stream: string): string {
  const dash = stream.indexOf('-');
  return dash === -1 ? stream : stream.slice(0, dash);
}
