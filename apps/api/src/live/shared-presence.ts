import { randomUUID } from 'node:crypto';
import type { Namespace } from 'socket.io';

/** Who is here and what they edit, as one node tells the others. */
export interface PresenceMember {
  readonly userId: string;
  readonly name: string;
  readonly editing: { readonly kind: string; readonly id: string } | null;
}

/** How often a node tells the others who is here on it, for the projects where someone is. */
export const PRESENCE_ANNOUNCE_MS = 5000;
/** A node not heard from for this long is taken to be gone, and its people with it. */
export const PRESENCE_EXPIRES_MS = 15_000;

interface Announcement {
  readonly node: string;
  readonly projectId: string;
  readonly members: readonly PresenceMember[];
}

/**
 * Presence across the api nodes of a deployment, through the namespace's
 * adapter (Redis, LiveBroker). Each node keeps who is on it; it tells the
 * others when that changes, again every PRESENCE_ANNOUNCE_MS, and when a node
 * starts holding a project it asks the others. What a node has not repeated
 * for PRESENCE_EXPIRES_MS is dropped, so a node that dies takes its people
 * with it, and a packet lost anyway is mended by the next announcement.
 */
export class SharedPresence {
  /** This node among the others. */
  readonly node = randomUUID();
  private namespace: Namespace | null = null;
  /** project → node → its members, and when it last said so. */
  private readonly remote = new Map<string, Map<string, { members: readonly PresenceMember[]; at: number }>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    /** The members on this node of a project (empty when none), for announcements. */
    private readonly localOf: (projectId: string) => readonly PresenceMember[],
    /** The projects with someone on this node. */
    private readonly projectsHere: () => Iterable<string>,
    /** Another node's members of the project changed (or expired): tell this node's sockets. */
    private readonly changed: (projectId: string) => void,
  ) {}

  get enabled(): boolean {
    return this.namespace !== null;
  }

  attach(namespace: Namespace): void {
    this.namespace = namespace;
    const on = namespace.on.bind(namespace) as (event: string, listener: (...args: unknown[]) => void) => void;
    on('presence', (message) => this.arrived(message));
    on('presence?', (projectId) => {
      if (typeof projectId !== 'string') return;
      const members = this.localOf(projectId);
      if (members.length > 0) this.send({ node: this.node, projectId, members });
    });
    this.timer = setInterval(() => this.tick(), PRESENCE_ANNOUNCE_MS);
    this.timer.unref();
  }

  /** This node's members of the project changed. */
  announce(projectId: string, members: readonly PresenceMember[]): void {
    if (this.namespace !== null) this.send({ node: this.node, projectId, members });
  }

  /** This node starts holding the project: the others say who is on them. */
  ask(projectId: string): void {
    this.namespace?.serverSideEmit('presence?', projectId);
  }

  /** The members of the project on the other nodes. */
  elsewhere(projectId: string, now = Date.now()): PresenceMember[] {
    const nodes = this.remote.get(projectId);
    if (nodes === undefined) return [];
    const members: PresenceMember[] = [];
    for (const entry of nodes.values()) if (now - entry.at <= PRESENCE_EXPIRES_MS) members.push(...entry.members);
    return members;
  }

  close(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.namespace = null;
  }

  private send(announcement: Announcement): void {
    this.namespace?.serverSideEmit('presence', announcement);
  }

  private arrived(message: unknown): void {
    if (!isAnnouncement(message) || message.node === this.node) return;
    let nodes = this.remote.get(message.projectId);
    const before = nodes?.get(message.node);
    if (message.members.length === 0) {
      if (before === undefined) return;
      nodes!.delete(message.node);
      if (nodes!.size === 0) this.remote.delete(message.projectId);
    } else {
      if (nodes === undefined) this.remote.set(message.projectId, (nodes = new Map()));
      nodes.set(message.node, { members: message.members, at: Date.now() });
      // A repeat of what is known changes nothing on the sockets.
      if (before !== undefined && JSON.stringify(before.members) === JSON.stringify(message.members)) return;
    }
    this.changed(message.projectId);
  }

  /** Repeats this node's presence, and drops what other nodes stopped repeating. */
  private tick(): void {
    for (const projectId of this.projectsHere()) {
      const members = this.localOf(projectId);
      if (members.length > 0) this.send({ node: this.node, projectId, members });
    }
    const now = Date.now();
    for (const [projectId, nodes] of this.remote) {
      let dropped = false;
      for (const [node, entry] of nodes) {
        if (now - entry.at > PRESENCE_EXPIRES_MS) {
          nodes.delete(node);
          dropped = true;
        }
      }
      if (nodes.size === 0) this.remote.delete(projectId);
      if (dropped) this.changed(projectId);
    }
  }
}

function isAnnouncement(message: unknown): message is Announcement {
  if (typeof message !== 'object' || message === null) return false;
  const { node, projectId, members } = message as Partial<Announcement>;
  return (
    typeof node === 'string' &&
    typeof projectId === 'string' &&
    Array.isArray(members) &&
    members.length <= 10_000 &&
    members.every(
      (member: unknown) =>
        typeof member === 'object' &&
        member !== null &&
        typeof (member as PresenceMember).userId === 'string' &&
        typeof (member as PresenceMember).name === 'string',
    )
  );
}
