import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io';
import { MemoryEventStore, NO_STREAM } from '@app/event-store';
import { SqliteReadStore } from '@app/read-models';
import type { Caller } from '../auth/auth.service';
import { LiveHub } from './live-hub';

/** Just enough of a Socket.IO namespace: rooms of sockets, and a broadcast to a room. */
class FakeNamespace {
  readonly rooms = new Map<string, Set<FakeSocket>>();
  readonly local = { to: (room: string) => ({ emit: (event: string, payload: unknown) => this.rooms.get(room)?.forEach((socket) => socket.emit(event, payload)) }) };
  to(room: string) {
    return this.local.to(room);
  }
}

/** Just enough of a Socket.IO server socket: what it was sent, and an engine connection whose write buffer the test fills. */
class FakeSocket {
  readonly id = randomUUID();
  readonly sent: Array<{ event: string; payload: any }> = [];
  readonly conn = Object.assign(new EventEmitter(), { writeBuffer: [] as unknown[] });
  constructor(readonly nsp: FakeNamespace) {}
  join(room: string): void {
    if (!this.nsp.rooms.has(room)) this.nsp.rooms.set(room, new Set());
    this.nsp.rooms.get(room)!.add(this);
  }
  leave(room: string): void {
    this.nsp.rooms.get(room)?.delete(this);
  }
  emit(event: string, payload: unknown): boolean {
    this.sent.push({ event, payload });
    return true;
  }
}

const until = async (condition: () => boolean): Promise<void> => {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('LiveHub', () => {
  const events = new MemoryEventStore();
  const store = new SqliteReadStore({ filename: ':memory:' });
  const hub = new LiveHub(events, store);
  const namespace = new FakeNamespace();
  const caller: Caller = { userId: 'dev', sessionId: 's', email: 'dev@x.example', name: 'Dev', accessExpiresAt: null };
  const stream = 'project-p';
  let revision = -1;

  const append = async (...items: Array<{ type: string; data: unknown }>): Promise<void> => {
    const result = await events.append(stream, items.map((item) => ({ id: randomUUID(), ...item })), { expectedRevision: revision < 0 ? NO_STREAM : revision });
    revision = result.nextExpectedRevision;
  };
  const task = (n: number) => ({
    type: 'TaskAdded',
    data: { taskId: `t${n}`, phaseId: null, title: `Task ${n}`, description: '', assigneeId: null, startDate: null, dueDate: null, estimateHours: 1, dependsOn: [] },
  });

  beforeAll(async () => {
    await append({ type: 'ProjectCreated', data: { projectId: 'p', name: 'P', currency: 'EUR', createdBy: 'pm' } });
    await store.put('project_members', 'p', { projectId: 'p', name: 'P', currency: 'EUR', createdAt: '', members: { dev: { role: 'member', email: 'dev@x.example', since: '' } } });
    await hub.start();
  });

  afterAll(async () => {
    hub.onApplicationShutdown();
    await store.close();
  });

  it('holds nothing back for a socket that cannot keep up, and sends it one snapshot once it drains', async () => {
    const socket = new FakeSocket(namespace);
    // What it was sent of the view (presence aside).
    const sent = () => socket.sent.filter((s) => s.event !== 'presence');
    expect(await hub.subscribe(socket as unknown as Socket, caller, { projectId: 'p', view: 'board' })).toEqual({ ok: true, revision: 0 });
    expect(sent().map((s) => s.event)).toEqual(['snapshot']);

    await append(task(1));
    await until(() => sent().length === 2);
    expect(sent()[1]).toMatchObject({ event: 'patch', payload: { from: 0, to: 1 } });

    // The socket's buffer is full: what follows is not queued for it.
    socket.conn.writeBuffer.length = 64;
    // Another subscriber, keeping up: it shows when the hub has folded every event.
    const other = new FakeSocket(namespace);
    await hub.subscribe(other as unknown as Socket, caller, { projectId: 'p', view: 'board' });
    for (let n = 2; n <= 40; n += 1) await append(task(n));
    await until(() => other.sent.some((s) => s.event === 'patch' && s.payload.to === 40));
    expect(sent()).toHaveLength(2);

    // Drained: one snapshot at the current revision replaces everything it missed, then patches go on from there.
    socket.conn.writeBuffer.length = 0;
    socket.conn.emit('drain');
    expect(sent()[2]).toMatchObject({ event: 'snapshot', payload: { revision: 40 } });
    expect(Object.keys(sent()[2]!.payload.data.tasks)).toHaveLength(40);
    await append(task(41));
    await until(() => sent().length === 4);
    expect(sent()[3]).toMatchObject({ event: 'patch', payload: { from: 40, to: 41 } });
  });

  it('forgets a socket that closed', async () => {
    const socket = new FakeSocket(namespace);
    await hub.subscribe(socket as unknown as Socket, caller, { projectId: 'p', view: 'risks' });
    const before = hub.size.subscriptions;
    hub.disconnected(socket as unknown as Socket);
    expect(hub.size.subscriptions).toBe(before - 1);
  });
});
