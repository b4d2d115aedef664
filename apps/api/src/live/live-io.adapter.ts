import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { IncomingMessage } from 'node:http';
import type { Server, ServerOptions } from 'socket.io';
import type { AppConfig } from '@app/config';
import { LiveBroker } from './live-broker';

/**
 * Socket.IO with the api's rules: a browser may open a socket only from an
 * allowed origin (or the api's own), and messages are bounded in size. With
 * `REDIS_URL`, the nodes share packets through Redis (LiveBroker).
 */
export class LiveIoAdapter extends IoAdapter {
  constructor(
    private readonly app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const allowed = new Set(this.config.http.corsOrigins);
    const adapter = this.app.get(LiveBroker, { strict: false }).adapter();
    return super.createIOServer(port, {
      ...options,
      ...(adapter === undefined ? {} : { adapter }),
      maxHttpBufferSize: 64 * 1024,
      cors: { origin: [...allowed], methods: ['GET', 'POST'] },
      allowRequest: (request: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void) => {
        callback(null, originAllowed(request, allowed));
      },
    } as ServerOptions) as Server;
  }
}

/** No Origin (not a browser), the api's own origin, or one from the allow-list. */
export function originAllowed(request: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (allowed.has(origin)) return true;
  const host = request.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}
