import { Inject, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayInit } from '@nestjs/websockets';
import type { Subscription } from 'rxjs';
import type { Namespace, Socket } from 'socket.io';
import type { UserEvent } from '@app/domain';
import { EVENT_STORE, type EventStore, type GlobalPosition, type RecordedEvent } from '@app/event-store';
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
export class LiveGateway implements OnGatewayInit<Namespace>, OnApplicationShutdown {
  private readonly logger = new Logger('Live');
  private following: Subscription | null = null;

  constructor(
    private readonly auth: AuthService,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  onApplicationShutdown(): void {
    this.following?.unsubscribe();
  }

  afterInit(namespace: Namespace): void {
    // Nothing lives in the default namespace: refuse it rather than leave it open.
    namespace.server.of('/').use((_socket, next) => next(new Error('unauthorized')));
    void this.followSessions(namespace, null);
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

  /**
   * Every node follows the log itself: when a session ends (logout, a reused
   * refresh token), its sockets on this node are closed at once, whichever node
   * recorded it.
   */
  private async followSessions(namespace: Namespace, after: GlobalPosition | null): Promise<void> {
    let last = after ?? (await this.events.headPosition().catch(() => null));
    this.following = this.events
      .subscribeAll({ fromPosition: last ?? 'start' })
      .subscribe({
        next: (event) => {
          last = event.position;
          if (event.type !== 'SessionEnded') return;
          const ended = event as RecordedEvent<Extract<UserEvent, { type: 'SessionEnded' }>>;
          for (const socket of namespace.sockets.values()) {
            if ((socket.data as Partial<LiveSocketData>).caller?.sessionId === ended.data.sessionId) socket.disconnect(true);
          }
        },
        error: (error: unknown) => {
          // Never stop following: resume after the last event seen.
          this.logger.warn(`Following sessions failed (${error instanceof Error ? error.message : String(error)}); resuming`);
          const retry = setTimeout(() => void this.followSessions(namespace, last), 1000);
          retry.unref();
        },
      });
  }
}
