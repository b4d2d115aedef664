import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { compare, type Operation } from 'fast-json-patch';
import type { Subscription } from 'rxjs';
import type { Namespace, Socket } from 'socket.io';
import { streamName, type ProjectRole, type UserEvent } from '@app/domain';
import { EVENT_STORE, type EventStore, type GlobalPosition, type RecordedEvent } from '@app/event-store';
import {
  READ_STORE,
  audienceOf,
  present,
  projectViews,
  viewStoreName,
  type Audience,
  type ProjectMembersDoc,
  type ProjectView,
  type ProjectViewDoc,
  type ReadStore,
} from '@app/read-models';
import type { Caller } from '../auth/auth.service';
import { SharedPresence, type PresenceMember } from './shared-presence';

/** Patches kept per (project, view, audience) for subscribers that come back with `since`. */
const PATCH_LOG = 256;
/** Packets waiting in a socket's write buffer before it counts as slow: it then gets a snapshot once it drains. */
const MAX_BUFFERED = 64;
/** Presence changes within this interval go out as one message. */
const PRESENCE_COALESCE_MS = 50;
/** A project nobody on this node watches is forgotten after this long. */
const IDLE_MS = 60_000;

export interface Patch {
  readonly projectId: string;
  readonly view: string;
  readonly from: number;
  readonly to: number;
  readonly ops: Operation[];
}

export interface Snapshot {
  readonly projectId: string;
  readonly view: string;
  readonly revision: number;
  readonly data: unknown;
}

export type SubscribeAnswer = { readonly ok: true; readonly revision: number } | { readonly ok: false; readonly error: string };

export type { PresenceMember } from './shared-presence';

interface Subscriber {
  readonly socket: Socket;
  readonly caller: Caller;
  /** Patches were dropped for this socket: it gets a snapshot once its buffer drains. */
  stale: boolean;
}

/** One view of one project as one audience sees it, with the subscribers that watch it. */
interface Channel {
  /** The Socket.IO room of its subscribers that keep up: a patch is encoded once and sent to the room. */
  readonly room: string;
  readonly view: ProjectView<unknown>;
  readonly audience: Audience;
  presented: unknown;
  revision: number;
  readonly log: Patch[];
  readonly subscribers: Map<string, Subscriber>;
}

interface LiveProject {
  readonly projectId: string;
  revision: number;
  readonly data: Map<string, unknown>;
  readonly channels: Map<string, Channel>;
  /** Events that arrived while the project was loading. */
  pending: RecordedEvent[] | null;
  ready: Promise<void>;
  dirty: boolean;
  idleTimer: NodeJS.Timeout | null;
  /** Per socket watching the project: who, and what they edit. */
  readonly presence: Map<string, PresenceMember>;
  presenceTimer: NodeJS.Timeout | null;
}

const PROJECT_STREAM = 'project-';

/**
 * Live views on this node (DESIGN.md, Live). The node follows the global log
 * itself — the event store is the bus, so a change written on any node reaches
 * this node's sockets — and folds the events of the projects its sockets watch
 * with the same view code as the projector. Each (project, view, audience) has
 * one presented state; every change is sent as an RFC 6902 patch from the
 * revision the subscriber holds to the new one, so a subscriber's revisions are
 * contiguous; a patch is encoded once for all the subscribers of a channel. A subscriber that comes back with `since` gets the patches it
 * missed while they are kept, else a snapshot. A socket whose buffer fills is
 * sent nothing more until it drains, then a snapshot: memory per slow socket is
 * bounded. Removal from a project, or a change of role, takes effect on the
 * socket as soon as this node sees the event.
 */
@Injectable()
export class LiveHub implements OnApplicationShutdown {
  private readonly logger = new Logger('Live');
  private readonly projects = new Map<string, LiveProject>();
  private following: Subscription | null = null;
  private flushScheduled = false;
  private stopped = false;
  /** Called for an ended session: its sockets are closed. */
  onSessionEnded: (sessionId: string) => void = () => undefined;
  private namespace: Namespace | null = null;
  /** Presence on the other nodes, when they share it (REDIS_URL). */
  private readonly shared = new SharedPresence(
    (projectId) => this.membersHere(projectId),
    () => [...this.projects.values()].filter((project) => project.presence.size > 0).map((project) => project.projectId),
    (projectId) => this.emitPresenceSoon(projectId),
  );
  private readonly presenceTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
  ) {}

  async start(): Promise<void> {
    await this.follow(await this.events.headPosition().catch(() => null));
  }

  /** The namespace whose sockets this hub serves; with `share`, presence is shared with the other nodes through its adapter. */
  attach(namespace: Namespace, share: boolean): void {
    this.namespace = namespace;
    if (share) this.shared.attach(namespace);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.shared.close();
    for (const timer of this.presenceTimers.values()) clearTimeout(timer);
    this.following?.unsubscribe();
    for (const project of this.projects.values()) if (project.idleTimer !== null) clearTimeout(project.idleTimer);
  }

  /** What this node sent since it started (for metrics): patches and snapshots per socket, and sockets found too slow to keep up. */
  readonly sent = { patches: 0, snapshots: 0, slowConsumers: 0 };

  /** How many projects, channels and subscriptions this node holds (for tests and metrics). */
  get size(): { projects: number; channels: number; subscriptions: number } {
    let channels = 0;
    let subscriptions = 0;
    for (const project of this.projects.values()) {
      channels += project.channels.size;
      for (const channel of project.channels.values()) subscriptions += channel.subscribers.size;
    }
    return { projects: this.projects.size, channels, subscriptions };
  }

  async subscribe(socket: Socket, caller: Caller, request: { projectId?: unknown; view?: unknown; since?: unknown }): Promise<SubscribeAnswer> {
    const { projectId, view: name, since } = request ?? {};
    if (typeof projectId !== 'string' || typeof name !== 'string' || (since !== undefined && since !== null && !Number.isInteger(since))) {
      return { ok: false, error: 'invalid: send { projectId, view, since? } with since a revision' };
    }
    const view = Object.prototype.hasOwnProperty.call(projectViews, name) ? projectViews[name] : undefined;
    const role = await this.roleOf(projectId, caller.userId);
    if (role === null) return { ok: false, error: 'not-found: no such project' };
    const audience = audienceOf(role);
    if (view === undefined || (audience === 'client' && view.client === undefined)) return { ok: false, error: `not-found: no view "${name}"` };

    const project = this.load(projectId);
    await project.ready;
    const channel = this.channel(project, view, audience);
    const subscriber: Subscriber = { socket, caller, stale: false };
    channel.subscribers.set(socket.id, subscriber);
    if (project.idleTimer !== null) {
      clearTimeout(project.idleTimer);
      project.idleTimer = null;
    }
    void socket.join(room(projectId));
    this.sendCatchUp(subscriber, channel, projectId, typeof since === 'number' ? since : null);
    void socket.join(channel.room);
    this.presenceChanged(project, socket, caller, undefined);
    return { ok: true, revision: channel.revision };
  }

  unsubscribe(socket: Socket, request: { projectId?: unknown; view?: unknown }): void {
    const project = typeof request?.projectId === 'string' ? this.projects.get(request.projectId) : undefined;
    if (project === undefined) return;
    for (const channel of project.channels.values()) {
      if (channel.view.name === request.view && channel.subscribers.delete(socket.id)) void socket.leave(channel.room);
    }
    this.afterLeaving(project, socket);
  }

  /** A socket closed: it leaves every channel and every presence. */
  disconnected(socket: Socket): void {
    for (const project of this.projects.values()) {
      let watched = false;
      for (const channel of project.channels.values()) watched = channel.subscribers.delete(socket.id) || watched;
      if (watched || project.presence.has(socket.id)) this.afterLeaving(project, socket);
    }
  }

  /** Who is editing what: only for a socket that watches the project. */
  presence(socket: Socket, caller: Caller, request: { projectId?: unknown; editing?: unknown }): void {
    const project = typeof request?.projectId === 'string' ? this.projects.get(request.projectId) : undefined;
    if (project === undefined || !watches(project, socket.id)) return;
    const editing = request.editing as { kind?: unknown; id?: unknown } | null | undefined;
    const valid =
      editing === null || editing === undefined
        ? null
        : typeof editing.kind === 'string' && typeof editing.id === 'string' && editing.kind.length <= 40 && editing.id.length <= 80
          ? { kind: editing.kind, id: editing.id }
          : undefined;
    if (valid === undefined) return;
    this.presenceChanged(project, socket, caller, valid);
  }

  // --- following the log -------------------------------------------------

  private async follow(after: GlobalPosition | null): Promise<void> {
    if (this.stopped) return;
    let last = after;
    this.following = this.events.subscribeAll({ fromPosition: last ?? 'start' }).subscribe({
      next: (event) => {
        last = event.position;
        this.onEvent(event);
      },
      error: (error: unknown) => {
        // Never stop following: resume after the last event seen.
        this.logger.warn(`Following the log failed (${error instanceof Error ? error.message : String(error)}); resuming`);
        const retry = setTimeout(() => void this.follow(last), 1000);
        retry.unref();
      },
    });
  }

  private onEvent(event: RecordedEvent): void {
    if (event.type === 'SessionEnded') {
      this.onSessionEnded((event as RecordedEvent<Extract<UserEvent, { type: 'SessionEnded' }>>).data.sessionId);
      return;
    }
    if (!event.streamId.startsWith(PROJECT_STREAM)) return;
    const project = this.projects.get(event.streamId.slice(PROJECT_STREAM.length));
    if (project === undefined) return;
    if (project.pending !== null) {
      project.pending.push(event);
      return;
    }
    this.apply(project, event);
  }

  private apply(project: LiveProject, event: RecordedEvent): void {
    if (event.revision <= project.revision) return;
    for (const [name, data] of project.data) {
      try {
        projectViews[name]!.apply(data, event);
      } catch (error) {
        // As the projector does: the event is set aside for this view, the others go on.
        this.logger.error(`Live view ${name} of ${project.projectId} could not fold ${event.type}@${event.revision}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    project.revision = event.revision;
    if (event.type === 'MemberRemoved' || event.type === 'MemberRoleChanged') {
      this.membershipChanged(project, (event.data as { userId: string }).userId, event.type === 'MemberRemoved' ? null : (event.data as { role: ProjectRole }).role);
    }
    project.dirty = true;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Sends what changed since the last flush: one patch per channel, from its revision to the project's. */
  private flush(): void {
    this.flushScheduled = false;
    for (const project of this.projects.values()) {
      if (!project.dirty) continue;
      project.dirty = false;
      for (const channel of project.channels.values()) {
        if (channel.revision >= project.revision) continue;
        const next = this.presented(project, channel);
        const patch: Patch = { projectId: project.projectId, view: channel.view.name, from: channel.revision, to: project.revision, ops: compare(channel.presented as object, next as object) };
        channel.presented = next;
        channel.revision = project.revision;
        channel.log.push(patch);
        if (channel.log.length > PATCH_LOG) channel.log.shift();
        this.broadcast(channel, patch);
      }
    }
  }

  /**
   * Sends a patch to every subscriber of a channel that keeps up: encoded once,
   * to the channel's room on this node only (every node sends to its own
   * sockets). A socket whose buffer is full leaves the room and gets nothing
   * more until it drains; then one snapshot, and it is back in the room.
   */
  private broadcast(channel: Channel, patch: Patch): void {
    let namespace: Socket['nsp'] | null = null;
    let receivers = 0;
    for (const subscriber of channel.subscribers.values()) {
      namespace ??= subscriber.socket.nsp;
      if (subscriber.stale) continue;
      const conn = subscriber.socket.conn as unknown as { writeBuffer?: unknown[]; once(event: 'drain', listener: () => void): void };
      if ((conn.writeBuffer?.length ?? 0) < MAX_BUFFERED) {
        receivers += 1;
        continue;
      }
      subscriber.stale = true;
      this.sent.slowConsumers += 1;
      void subscriber.socket.leave(channel.room);
      conn.once('drain', () => {
        if (channel.subscribers.get(subscriber.socket.id) !== subscriber) return;
        subscriber.stale = false;
        subscriber.socket.emit('snapshot', this.snapshot(channel, patch.projectId));
        this.sent.snapshots += 1;
        void subscriber.socket.join(channel.room);
      });
    }
    this.sent.patches += receivers;
    namespace?.local.to(channel.room).emit('patch', patch);
  }

  // --- projects and channels ------------------------------------------------

  /** The project as this node holds it, loading it from the read store and the log on first use. */
  private load(projectId: string): LiveProject {
    const known = this.projects.get(projectId);
    if (known !== undefined) return known;
    const project: LiveProject = {
      projectId,
      revision: -1,
      data: new Map(),
      channels: new Map(),
      pending: [],
      ready: Promise.resolve(),
      dirty: false,
      idleTimer: null,
      presence: new Map(),
      presenceTimer: null,
    };
    this.projects.set(projectId, project);
    this.shared.ask(projectId);
    project.ready = this.fill(project).catch((error: unknown) => {
      this.projects.delete(projectId);
      throw error;
    });
    return project;
  }

  /** Every view from the read store, caught up from the log; then the events that arrived meanwhile. */
  private async fill(project: LiveProject): Promise<void> {
    const names = Object.keys(projectViews);
    const docs = await Promise.all(names.map((name) => this.store.get<ProjectViewDoc>(viewStoreName(projectViews[name]!), project.projectId)));
    // The projector commits every view of a project together, so their revisions agree; start from the oldest to be sure.
    const from = Math.min(...docs.map((doc) => doc?.revision ?? -1));
    names.forEach((name, i) => {
      const doc = docs[i];
      project.data.set(name, doc !== null && doc !== undefined && doc.revision === from ? doc.data : projectViews[name]!.initial(project.projectId));
    });
    project.revision = from;
    if (docs.some((doc) => (doc?.revision ?? -1) !== from)) {
      // Views at different revisions: fold them all from the start instead.
      names.forEach((name) => project.data.set(name, projectViews[name]!.initial(project.projectId)));
      project.revision = -1;
    }
    for await (const event of this.events.readStream(streamName('project', project.projectId), { from: project.revision + 1 })) this.apply(project, event);
    const pending = project.pending ?? [];
    project.pending = null;
    for (const event of pending) this.apply(project, event);
    project.dirty = false;
  }

  private channel(project: LiveProject, view: ProjectView<unknown>, audience: Audience): Channel {
    const key = `${view.name}\u0000${audience}`;
    let channel = project.channels.get(key);
    if (channel === undefined) {
      channel = { room: `live:${project.projectId}:${view.name}:${audience}`, view, audience, presented: null, revision: project.revision, log: [], subscribers: new Map() };
      channel.presented = this.presented(project, channel);
      project.channels.set(key, channel);
    }
    return channel;
  }

  private presented(project: LiveProject, channel: Pick<Channel, 'view' | 'audience'>): unknown {
    // A copy: the folded data changes in place with the next event.
    return structuredClone(present(channel.view, project.data.get(channel.view.name), channel.audience));
  }

  private snapshot(channel: Channel, projectId: string): Snapshot {
    return { projectId, view: channel.view.name, revision: channel.revision, data: channel.presented };
  }

  /** The patches a subscriber missed since `since`, when they are all kept; else a snapshot. */
  private sendCatchUp(subscriber: Subscriber, channel: Channel, projectId: string, since: number | null): void {
    if (since !== null && since === channel.revision) return;
    if (since !== null) {
      const start = channel.log.findIndex((patch) => patch.from === since);
      if (start >= 0) {
        const missed = channel.log.slice(start);
        for (const patch of missed) subscriber.socket.emit('patch', patch);
        this.sent.patches += missed.length;
        return;
      }
    }
    subscriber.socket.emit('snapshot', this.snapshot(channel, projectId));
    this.sent.snapshots += 1;
  }

  private async roleOf(projectId: string, userId: string): Promise<ProjectRole | null> {
    const doc = await this.store.get<ProjectMembersDoc>('project_members', projectId);
    return doc?.members[userId]?.role ?? null;
  }

  /** Removed: the user's sockets stop receiving the project. Another role: they get the view in their new audience. */
  private membershipChanged(project: LiveProject, userId: string, role: ProjectRole | null): void {
    for (const channel of [...project.channels.values()]) {
      for (const subscriber of [...channel.subscribers.values()]) {
        if (subscriber.caller.userId !== userId) continue;
        const audience: Audience | null = role === null ? null : audienceOf(role);
        if (audience === channel.audience) continue;
        channel.subscribers.delete(subscriber.socket.id);
        void subscriber.socket.leave(channel.room);
        if (audience === null || (audience === 'client' && channel.view.client === undefined)) {
          subscriber.socket.emit('unsubscribed', { projectId: project.projectId, view: channel.view.name, reason: role === null ? 'removed from the project' : 'your role no longer shows this view' });
          this.afterLeaving(project, subscriber.socket);
          continue;
        }
        // Moved to the new audience once this event is flushed: a snapshot there.
        setImmediate(() => {
          const moved = this.channel(project, channel.view, audience);
          moved.subscribers.set(subscriber.socket.id, subscriber);
          subscriber.socket.emit('snapshot', this.snapshot(moved, project.projectId));
          this.sent.snapshots += 1;
          void subscriber.socket.join(moved.room);
        });
      }
    }
  }

  private afterLeaving(project: LiveProject, socket: Socket): void {
    if (!watches(project, socket.id)) {
      void socket.leave(room(project.projectId));
      if (project.presence.delete(socket.id)) this.broadcastPresence(project, socket);
    }
    // Channels stay, with their patch logs, while the project is held: a subscriber that comes back soon gets patches, not a snapshot.
    if (!watched(project) && project.idleTimer === null) {
      project.idleTimer = setTimeout(() => {
        if (!watched(project)) this.projects.delete(project.projectId);
        project.idleTimer = null;
      }, IDLE_MS);
      project.idleTimer.unref();
    }
  }

  private presenceChanged(project: LiveProject, socket: Socket, caller: Caller, editing: PresenceMember['editing'] | undefined): void {
    const current = project.presence.get(socket.id);
    project.presence.set(socket.id, { userId: caller.userId, name: caller.name, editing: editing === undefined ? (current?.editing ?? null) : editing });
    this.broadcastPresence(project, socket);
  }

  /** The people watching the project on this node, once each (a person with several tabs edits what they last said). */
  private membersHere(projectId: string): PresenceMember[] {
    const project = this.projects.get(projectId);
    return project === undefined ? [] : onePerPerson(project.presence.values());
  }

  /**
   * This node's presence in the project changed: after `PRESENCE_COALESCE_MS`
   * (a crowd arriving costs one list per interval, not one per arrival to each
   * of them), the other nodes are told, and this node's sockets get the list.
   */
  private broadcastPresence(project: LiveProject, socket: Socket): void {
    this.namespace ??= socket.nsp;
    if (project.presenceTimer !== null) return;
    project.presenceTimer = setTimeout(() => {
      project.presenceTimer = null;
      this.shared.announce(project.projectId, this.membersHere(project.projectId));
      this.emitPresence(project.projectId);
    }, PRESENCE_COALESCE_MS);
    project.presenceTimer.unref();
  }

  /** Another node's presence in the project changed: this node's sockets get the list, coalesced like local changes. */
  private emitPresenceSoon(projectId: string): void {
    if (this.presenceTimers.has(projectId) || !this.projects.has(projectId)) return;
    const timer = setTimeout(() => {
      this.presenceTimers.delete(projectId);
      this.emitPresence(projectId);
    }, PRESENCE_COALESCE_MS);
    timer.unref();
    this.presenceTimers.set(projectId, timer);
  }

  /** Tells this node's sockets watching the project who is here, on this node and on the others. */
  private emitPresence(projectId: string): void {
    const project = this.projects.get(projectId);
    if (project === undefined || this.namespace === null) return;
    const members = onePerPerson([...project.presence.values(), ...this.shared.elsewhere(projectId)]);
    this.namespace.local.to(room(projectId)).emit('presence', { projectId, members });
  }
}

/** One entry per person; of several, one that edits something. */
function onePerPerson(all: Iterable<PresenceMember>): PresenceMember[] {
  const members = new Map<string, PresenceMember>();
  for (const member of all) {
    const known = members.get(member.userId);
    if (known === undefined || (known.editing === null && member.editing !== null)) members.set(member.userId, member);
  }
  return [...members.values()];
}

function room(projectId: string): string {
  return `project:${projectId}`;
}

function watched(project: LiveProject): boolean {
  for (const channel of project.channels.values()) if (channel.subscribers.size > 0) return true;
  return false;
}

function watches(project: LiveProject, socketId: string): boolean {
  for (const channel of project.channels.values()) if (channel.subscribers.has(socketId)) return true;
  return false;
}
