import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient, type RedisClientType } from 'redis';
import { AppConfigService } from '@app/config';

/** The Redis stream the api nodes share for Socket.IO's node-to-node packets. */
export const LIVE_STREAM = 'cp:live';
/** Entries kept in it (approximately): a node away longer than this many packets misses some; presence is re-announced anyway. */
const STREAM_MAX_LEN = 10_000;
/** Longest wait between two attempts to reach Redis. */
const MAX_RECONNECT_DELAY_MS = 2000;

/**
 * Redis for the nodes of a deployment (`REDIS_URL`), through the Socket.IO
 * Redis Streams adapter: packets between nodes go through a Redis stream that
 * each node reads from its last offset, so a Redis restart or a network cut
 * loses nothing — commands wait in the client's queue until Redis is back,
 * and each node reads on from where it was. Without `REDIS_URL`, there is
 * none and each node serves its own sockets alone (the embedded default).
 */
@Injectable()
export class LiveBroker implements OnApplicationShutdown {
  private readonly logger = new Logger('LiveBroker');
  private readonly client: RedisClientType | null;
  private lastError = 0;

  constructor(config: AppConfigService) {
    const url = config.values.redisUrl;
    if (url === null) {
      this.client = null;
      return;
    }
    this.client = createClient({
      url,
      socket: { reconnectStrategy: (retries: number) => Math.min(100 * 2 ** Math.min(retries, 5), MAX_RECONNECT_DELAY_MS) },
    });
    this.client.on('error', (error: unknown) => {
      // Once every 10 s at most: a Redis that is down fails every attempt.
      if (Date.now() - this.lastError < 10_000) return;
      this.lastError = Date.now();
      this.logger.warn(`Redis (${redacted(url)}): ${error instanceof Error ? error.message : String(error)}; retrying`);
    });
    this.client.on('ready', () => this.logger.log(`Redis (${redacted(url)}) connected: presence is shared with the other nodes`));
    // Not awaited: the api serves without Redis, and the client keeps trying (commands wait in its queue).
    this.client.connect().catch(() => undefined);
  }

  /** Whether node-to-node packets go through Redis (REDIS_URL is set). */
  get enabled(): boolean {
    return this.client !== null;
  }

  /** Whether Redis answers now. */
  get up(): boolean {
    return this.client?.isReady ?? false;
  }

  /** The Socket.IO adapter for the server, or undefined for the in-memory default. */
  adapter(): ReturnType<typeof createAdapter> | undefined {
    if (this.client === null) return undefined;
    return createAdapter(this.client, { streamName: LIVE_STREAM, maxLen: STREAM_MAX_LEN });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.client === null) return;
    try {
      if (this.client.isOpen) await this.client.close();
    } catch {
      this.client.destroy();
    }
  }
}

/** The URL without its password, for logs. */
function redacted(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}
