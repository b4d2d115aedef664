import { Inject, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayInit } from '@nestjs/websockets';
import { filter, type Subscription } from 'rxjs';
import type { Namespace, Socket } from 'socket.io';
import type { UserEvent } from '@app/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@app/event-store';
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
    void this.followSessions(namespace);
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

  /**
   * Every node follows the log itself: when a session ends (logout, a reused
   * refresh token), its sockets on this node are closed at once, whichever node
   * recorded it.
   */
  private async followSessions(namespace: Namespace): Promise<void> {
    const head = await this.events.headPosition().catch(() => null);
    this.following = this.events
      .subscribeAll({ fromPosition: head ?? 'start' })
      .pipe(filter((event): event is RecordedEvent<Extract<UserEvent, { type: 'SessionEnded' }>> => event.type === 'SessionEnded'))
      .subscribe({
        next: (event) => {
          for (const socket of namespace.sockets.values()) {
            if ((socket.data as Partial<LiveSocketData>).caller?.sessionId === event.data.sessionId) socket.disconnect(true);
          }
        },
        error: (error: unknown) => this.logger.error(`Stopped following sessions: ${error instanceof Error ? error.message : String(error)}`),
      });
  }
}
