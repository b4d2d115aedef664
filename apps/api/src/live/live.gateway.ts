import { Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, type OnGatewayDisconnect, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { AuthService, type Caller } from '../auth/auth.service';
import { LiveHub, type SubscribeAnswer } from './live-hub';
import { LiveBroker } from './live-broker';

export interface LiveSocketData {
  caller: Caller;
}

/**
 * The `/live` namespace. Guards do not run on a Socket.IO connect, so the
 * handshake is authenticated here, in the namespace's middleware, with the same
 * check as every HTTP request: a bad, expired or revoked token gets a
 * `connect_error` ("unauthorized") and no data. Then a socket subscribes to
 * the views of its projects (`LiveHub`), in its audience, and says what it is
 * editing (presence).
 */
@WebSocketGateway({ namespace: '/live' })
export class LiveGateway implements OnGatewayInit<Namespace>, OnGatewayDisconnect<Socket> {
  private readonly logger = new Logger('Live');
  private namespace: Namespace | null = null;

  constructor(
    private readonly auth: AuthService,
    private readonly hub: LiveHub,
    private readonly broker: LiveBroker,
  ) {}

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: { projectId?: unknown; view?: unknown; since?: unknown }): Promise<SubscribeAnswer> {
    try {
      return await this.hub.subscribe(socket, callerOf(socket), body);
    } catch (error) {
      this.logger.error(`Subscribe failed: ${error instanceof Error ? error.message : String(error)}`);
      return { ok: false, error: 'unavailable: try again' };
    }
  }

  @SubscribeMessage('unsubscribe')
  unsubscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: { projectId?: unknown; view?: unknown }): void {
    this.hub.unsubscribe(socket, body);
  }

  @SubscribeMessage('presence')
  presence(@ConnectedSocket() socket: Socket, @MessageBody() body: { projectId?: unknown; editing?: unknown }): void {
    this.hub.presence(socket, callerOf(socket), body);
  }

  handleDisconnect(socket: Socket): void {
    this.hub.disconnected(socket);
  }

  /** Sockets connected to this node's /live (for metrics). */
  get sockets(): number {
    return this.namespace?.sockets.size ?? 0;
  }

  afterInit(namespace: Namespace): void {
    this.namespace = namespace;
    // Nothing lives in the default namespace: refuse it rather than leave it open.
    namespace.server.of('/').use((_socket, next) => next(new Error('unauthorized')));
    // Every node follows the log itself: an ended session (logout, a reused refresh token) closes its sockets here at once.
    this.hub.onSessionEnded = (sessionId) => {
      for (const socket of namespace.sockets.values()) {
        if ((socket.data as Partial<LiveSocketData>).caller?.sessionId === sessionId) socket.disconnect(true);
      }
    };
    // With Redis (REDIS_URL), presence is shared with the other nodes; everything else each node reads from the log itself.
    this.hub.attach(namespace, this.broker.enabled);
    void this.hub.start();
    namespace.use((socket: Socket, next: (error?: Error) => void) => {
      const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
      const attempt = typeof token === 'string' && token.length <= 4096 ? this.auth.authenticate(token) : Promise.resolve(null);
      attempt.then(
        (caller) => {
          if (caller === null) return next(new Error('unauthorized'));
          (socket.data as LiveSocketData).caller = caller;
          // A socket lives no longer than the token that opened it; the client reconnects with a fresh one.
          if (caller.accessExpiresAt !== null) {
            const timer = setTimeout(() => socket.disconnect(true), Math.max(0, caller.accessExpiresAt * 1000 - Date.now()));
            socket.once('disconnect', () => clearTimeout(timer));
          }
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

function callerOf(socket: Socket): Caller {
  return (socket.data as LiveSocketData).caller;
}
