/** One dependency as `GET /health` reports it. */
export type HealthCheck = { readonly status: 'up' } | { readonly status: 'down'; readonly error: string };

/** The body of `GET /health`: 200 when `status` is `ok`, 503 when `unavailable`. */
export interface HealthReport {
  readonly status: 'ok' | 'unavailable';
  readonly checks: {
    readonly eventStore: HealthCheck;
    readonly readStore: HealthCheck;
    /** Present on a node that runs the projector itself. */
    readonly projector?: HealthCheck & {
      readonly state: 'stopped' | 'standby' | 'starting' | 'running' | 'failed';
      /** Last global position committed to the views, as a decimal string. */
      readonly position: string | null;
      /** Events set aside because a view could not fold them: the views still run, those documents miss them. */
      readonly setAside: number;
      /** The last one set aside, with its error. */
      readonly lastSetAside?: string;
    };
  };
}
