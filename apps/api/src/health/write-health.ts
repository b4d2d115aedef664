import { Injectable } from '@nestjs/common';

/** How long a failed write keeps the event store reported down, unless a write succeeds first. */
export const WRITE_FAILURE_REPORTED_MS = 30_000;

/**
 * Whether the event store takes writes, as the last append found it. A store
 * can answer reads (and `ping`) while refusing every write (a full disk, a
 * read-only file): readiness must say so, so that a load balancer sends
 * writes elsewhere and an operator is paged.
 */
@Injectable()
export class WriteHealth {
  private failure: { readonly at: number; readonly message: string } | null = null;

  failed(error: unknown): void {
    this.failure = { at: Date.now(), message: error instanceof Error ? error.message : String(error) };
  }

  succeeded(): void {
    this.failure = null;
  }

  /** Why writes fail, when the last one failed less than WRITE_FAILURE_REPORTED_MS ago; else null. */
  problem(now = Date.now()): string | null {
    const failure = this.failure;
    if (failure === null || now - failure.at > WRITE_FAILURE_REPORTED_MS) return null;
    return `the last write failed ${Math.round((now - failure.at) / 1000)} s ago: ${failure.message}`;
  }
}
