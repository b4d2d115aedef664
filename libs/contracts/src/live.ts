import type { ViewData, ViewName } from './views';

/** The Socket.IO namespace of live views (docs/live.md); handshake `auth: { token }`. */
export const LIVE_NAMESPACE = '/live';

/** An RFC 6902 operation, as `patch` carries them. */
export interface JsonPatchOperation {
  readonly op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  readonly path: string;
  readonly from?: string;
  readonly value?: unknown;
}

export interface SubscribeRequest {
  readonly projectId: string;
  readonly view: ViewName;
  /** The revision the client holds: the server answers the patches from it when it still has them, else a snapshot. */
  readonly since?: number;
}

/** The ack of `subscribe`; an error starts with `invalid`, `not-found` or `unavailable`. */
export type SubscribeAck = { readonly ok: true; readonly revision: number } | { readonly ok: false; readonly error: string };

export interface SnapshotMessage<V extends ViewName = ViewName> {
  readonly projectId: string;
  readonly view: V;
  readonly revision: number;
  readonly data: ViewData<V>;
}

/** For each (project, view), a patch's `from` is the `to` of the one before. */
export interface PatchMessage {
  readonly projectId: string;
  readonly view: ViewName;
  readonly from: number;
  readonly to: number;
  readonly ops: readonly JsonPatchOperation[];
}

export interface UnsubscribedMessage {
  readonly projectId: string;
  readonly view: ViewName;
  readonly reason: string;
}

export interface PresenceEditing {
  readonly kind: string;
  readonly id: string;
}

/** client → server `presence` */
export interface PresenceUpdate {
  readonly projectId: string;
  readonly editing: PresenceEditing | null;
}

/** server → client `presence`: everyone watching the project. */
export interface PresenceMessage {
  readonly projectId: string;
  readonly members: ReadonlyArray<{ readonly userId: string; readonly name: string; readonly editing: PresenceEditing | null }>;
}

/** What the server sends on `/live`, by event name. */
export interface LiveServerEvents {
  snapshot: (message: SnapshotMessage) => void;
  patch: (message: PatchMessage) => void;
  unsubscribed: (message: UnsubscribedMessage) => void;
  presence: (message: PresenceMessage) => void;
}

/** What a client sends on `/live`, by event name. */
export interface LiveClientEvents {
  subscribe: (request: SubscribeRequest, ack: (answer: SubscribeAck) => void) => void;
  unsubscribe: (request: Pick<SubscribeRequest, 'projectId' | 'view'>) => void;
  presence: (update: PresenceUpdate) => void;
}
