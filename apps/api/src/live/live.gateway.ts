import { Logger } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { AuthService, type Caller } from '../auth/auth.service';

export interface LiveSocketData {
  caller: Caller;
}

/**
 * The `/live` namespace. Guards do not run on a Socket.IO connect, so the
 * handshake is authenticated here, in the namespace's middleware, with the same
 * check as every HTTP request: a bad, expired or revoked token gets a
 * `connect_error` ("unauthorized") and no data. What a socket may subscribe to
 * comes with the live views.
 */
@WebSocketGateway({ namespace: '/live' })
export class LiveGateway implements OnGatewayInit<Namespace> {
  private readonly logger = new Logger('Live');

  constructor(private readonly auth: AuthService) {}

  afterInit(namespace: Namespace): void {
    namespace.use((socket: Socket, next: (error?: Error) => void) => {
      const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
      const attempt = typeof token === 'string' && token.length <= 4096 ? this.auth.authenticate(token) : Promise.resolve(null);
      attempt.then(
        (caller) => {
          if (caller === null) return next(new Error('unauthorized'));
          (socket.data as LiveSocketData).caller = caller;
          next();
        },
        (error: unknown) => {
          this.logger.error(`Handshake failed: ${error instanceof Error ? error.message : String(error)}`);
          next(new Error('unavailable'));
        },
      );
    });
  }
}
