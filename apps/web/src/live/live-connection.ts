import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, type LiveClientEvents, type LiveServerEvents, type PresenceEditing, type PresenceMessage, type ViewName } from '@app/contracts';
import type { Session } from '../api/session';
import { LiveChannel } from './live-channel';

/** What the page shows of the connection: `live` once connected, `reconnecting` while it tries again. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

type Listener = () => void;

interface Watch {
  readonly channel: LiveChannel;
  readonly listeners: Set<Listener>;
  /** A subscribe is on its way: patches out of turn are left to its answer. */
  subscribing: boolean;
  error: string | null;
}

const keyOf = (projectId: string, view: string): string => `${projectId}/${view}`;

/**
 * The one socket of a signed-in tab on `/live` (docs/live.md). It keeps every
 * watched view at its revision: a snapshot, then contiguous patches; a gap,
 * and every reconnect, resubscribes with `since` = the revision held. The
 * handshake always carries the current access token; a refusal or the server
 * closing the socket (its token expired) refreshes the token and connects again.
 */
export class LiveConnection {
  private readonly socket: Socket<LiveServerEvents, LiveClientEvents>;
  private readonly watches = new Map<string, Watch>();
  private readonly stateListeners = new Set<Listener>();
  private readonly presenceListeners = new Set<(message: PresenceMessage) => void>();
  private retry: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  state: ConnectionState = 'connecting';

  constructor(private readonly session: Session) {
    this.socket = io(LIVE_NAMESPACE, {
      auth: (callback) => callback({ token: this.session.token ?? '' }),
      transports: ['websocket'],
      reconnectionDelay: 250,
      reconnectionDelayMax: 2_000,
      // A handshake that has not opened by then never will (a network that swallows packets): try again.
      timeout: 5_000,
    });
    this.socket.on('connect', () => {
      this.setState('live');
      for (const watch of this.watches.values()) this.subscribe(watch);
    });
    this.socket.on('disconnect', (reason) => {
      if (this.closed) return;
      this.setState('reconnecting');
      for (const watch of this.watches.values()) watch.subscribing = false;
      // Who is here is unknown while away: nobody is shown until the server says again.
      for (const projectId of new Set([...this.watches.values()].map((watch) => watch.channel.projectId))) {
        for (const listener of this.presenceListeners) listener({ projectId, members: [] });
      }
      // The server closed it (its token expired, or the session ended): Socket.IO does not try again by itself.
      if (reason === 'io server disconnect') void this.reconnectWithFreshToken();
    });
    this.socket.on('connect_error', (error) => {
      if (this.closed) return;
      this.setState('reconnecting');
      // Refused by the namespace (not the network): Socket.IO leaves it there.
      if (!this.socket.active) void this.reconnectWithFreshToken(error.message === 'unauthorized');
    });
    this.socket.on('snapshot', (message) => {
      const watch = this.watches.get(keyOf(message.projectId, message.view));
      if (watch === undefined) return;
      watch.channel.snapshot(message);
      this.notify(watch);
    });
    this.socket.on('patch', (message) => {
      const watch = this.watches.get(keyOf(message.projectId, message.view));
      if (watch === undefined) return;
      if (watch.channel.patch(message) === 'applied') this.notify(watch);
      else if (!watch.subscribing) this.subscribe(watch);
    });
    this.socket.on('unsubscribed', (message) => {
      const watch = this.watches.get(keyOf(message.projectId, message.view));
      if (watch === undefined) return;
      watch.error = message.reason;
      this.notify(watch);
    });
    this.socket.on('presence', (message) => {
      for (const listener of this.presenceListeners) listener(message);
    });
  }

  /** Watches a view; the listener is called on every change. Returns the way to stop. */
  watch(projectId: string, view: ViewName, listener: Listener): () => void {
    const key = keyOf(projectId, view);
    let watch = this.watches.get(key);
    if (watch === undefined) {
      watch = { channel: new LiveChannel(projectId, view), listeners: new Set(), subscribing: false, error: null };
      this.watches.set(key, watch);
      if (this.socket.connected) this.subscribe(watch);
    }
    watch.listeners.add(listener);
    const current = watch;
    return () => {
      current.listeners.delete(listener);
      if (current.listeners.size > 0) return;
      this.watches.delete(key);
      if (this.socket.connected) this.socket.emit('unsubscribe', { projectId, view });
    };
  }

  /** The view as held now, at its revision (`null` before its snapshot). */
  current(projectId: string, view: ViewName): { readonly data: unknown; readonly revision: number | null; readonly error: string | null } {
    const watch = this.watches.get(keyOf(projectId, view));
    return { data: watch?.channel.data ?? null, revision: watch?.channel.revision ?? null, error: watch?.error ?? null };
  }

  onState(listener: Listener): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onPresence(listener: (message: PresenceMessage) => void): () => void {
    this.presenceListeners.add(listener);
    return () => this.presenceListeners.delete(listener);
  }

  /** Tells everyone watching the project what this user is editing (`null`: nothing). */
  editing(projectId: string, editing: PresenceEditing | null): void {
    if (this.socket.connected) this.socket.emit('presence', { projectId, editing });
  }

  close(): void {
    this.closed = true;
    if (this.retry !== null) clearTimeout(this.retry);
    this.socket.disconnect();
  }

  private subscribe(watch: Watch): void {
    const { projectId, view } = watch.channel;
    const since = watch.channel.revision;
    watch.subscribing = true;
    this.socket.emit('subscribe', { projectId, view: view as ViewName, ...(since !== null ? { since } : {}) }, (answer) => {
      if (this.watches.get(keyOf(projectId, view)) !== watch) return;
      watch.subscribing = false;
      if (!answer.ok) {
        watch.error = answer.error;
        this.notify(watch);
        if (answer.error.startsWith('unavailable')) setTimeout(() => this.socket.connected && this.subscribe(watch), 1_000);
        return;
      }
      watch.error = null;
      // The snapshot or the missing patches came before the ack: the channel should stand where the ack says.
      if (watch.channel.revision !== answer.revision) this.subscribe(watch);
    });
  }

  private async reconnectWithFreshToken(refresh = true): Promise<void> {
    if (this.retry !== null) return;
    if (refresh) await this.session.refresh();
    if (this.closed || this.session.token === null) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (!this.closed && !this.socket.connected) this.socket.connect();
    }, 500);
  }

  private notify(watch: Watch): void {
    for (const listener of watch.listeners) listener();
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener();
  }
}
