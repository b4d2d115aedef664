import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Subject, takeUntil, type Observable } from 'rxjs';
import type { DomainEvent } from '@app/domain';
import { checkExpectedRevision, isSamePlace, validateAppend } from '../../append-rules';
import {
  DuplicateEventIdError,
  EventStoreError,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
} from '../../errors';
import {
  START,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type GlobalPosition,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeAllOptions,
} from '../../event-store.port';
import { followLog } from '../../log-follower';
import { readStreamWindow } from '../../read-window';
import { eventFromJson } from '../../stored-json';
import { WalCheckpointer } from './wal-checkpointer';

export type SqliteSynchronous = 'NORMAL' | 'FULL';

export interface SqliteEventStoreOptions {
  /** Database file; its folder is created when missing. */
  readonly filename: string;
  /**
   * NORMAL (default): an acknowledged append survives the process being killed.
   * FULL: it also survives power loss, at the cost of an fsync per commit.
   */
  readonly synchronous?: SqliteSynchronous;
  /** The store's clock for `recordedAt`. */
  readonly now?: () => Date;
  /** How often a live subscription looks for appends made by other processes. */
  readonly pollIntervalMs?: number;
  /** How often the WAL is checkpointed, off the append path, when there were writes. */
  readonly checkpointIntervalMs?: number;
  /** Events per page when reading the log. */
  readonly pageSize?: number;
}

interface PendingAppend {
  readonly stream: string;
  readonly events: readonly NewEvent<DomainEvent>[];
  readonly expected: AppendOptions['expectedRevision'];
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

type Row = [position: number, streamId: string, revision: number, id: string, type: string, data: string, metadata: string, recordedAt: string];

const COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, recorded_at';
const SCHEMA_VERSION = 1;
const UNAVAILABLE_CODES = /^SQLITE_(FULL|READONLY|IOERR|BUSY|LOCKED|CANTOPEN|PROTOCOL|NOMEM|CORRUPT|NOTADB)/;

/** The event, keeping the JSON text of its data and metadata (`storedJson`): the hash chain is checked on that text. */
function toRecorded(row: Row): RecordedEvent {
  return eventFromJson(row[3], row[4], row[5], row[6], row[1], row[2], BigInt(row[0]), row[7]);
}

/**
 * The embedded event store: one SQLite file in WAL mode.
 *
 * - The global position is the table's rowid, assigned inside the writing
 *   transaction. SQLite has one writer at a time, so positions commit in order
 *   and a reader never sees a hole.
 * - Appends issued in the same turn of the event loop are committed together in
 *   one transaction, each inside its own savepoint, so one append's conflict
 *   never touches another. The flush waits for `setImmediate`, not a microtask:
 *   the requests read from the sockets in that turn reach their appends first,
 *   so under load one commit serves many requests (bench:commands: +50%).
 * - Automatic WAL checkpoints are off; a worker thread checkpoints on a timer,
 *   so no append ever pays for one.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly now: () => Date;
  private readonly pageSize: number;
  private readonly pollIntervalMs: number;
  private readonly listeners = new Set<() => void>();
  private readonly closed$ = new Subject<void>();
  private readonly checkpointer: WalCheckpointer | null;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;

  private readonly stmt: {
    lastRevision: Database.Statement<[string], number | null>;
    insert: Database.Statement<[string, number, string, string, string, string, string]>;
    eventById: Database.Statement<[string], Row>;
    streamForward: Database.Statement<[string, number, number, number], Row>;
    streamBackward: Database.Statement<[string, number, number, number], Row>;
    allAfter: Database.Statement<[number | bigint, number], Row>;
    head: Database.Statement<[], number | null>;
    dataVersion: Database.Statement<[], number>;
  };
  private lastDataVersion = 0;
  private readonly txOne: Database.Transaction<(pending: PendingAppend, recordedAt: string) => Outcome>;
  private readonly txSavepoint: Database.Transaction<(pending: PendingAppend, recordedAt: string) => Outcome>;
  private readonly txGroup: Database.Transaction<(batch: readonly PendingAppend[], recordedAt: string) => Outcome[]>;

  constructor(options: SqliteEventStoreOptions) {
    const inMemory = options.filename === ':memory:' || options.filename === '';
    if (!inMemory) mkdirSync(dirname(options.filename), { recursive: true });
    this.now = options.now ?? (() => new Date());
    this.pageSize = options.pageSize ?? 1000;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    try {
      this.db = new Database(options.filename);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
      this.db.pragma('busy_timeout = 5000');
      this.db.pragma('wal_autocheckpoint = 0');
      this.migrate();
    } catch (error) {
      throw this.mapError(error, `Cannot open the event store at ${options.filename}`);
    }
    const db = this.db;
    this.stmt = {
      lastRevision: db.prepare<[string], number | null>('SELECT max(revision) FROM events WHERE stream_id = ?').pluck(),
      insert: db.prepare(
        'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      eventById: db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM events WHERE event_id = ?`).raw(),
      streamForward: db
        .prepare<[string, number, number, number], Row>(
          `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? AND revision <= ? ORDER BY revision ASC LIMIT ?`,
        )
        .raw(),
      streamBackward: db
        .prepare<[string, number, number, number], Row>(
          `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? AND revision >= ? ORDER BY revision DESC LIMIT ?`,
        )
        .raw(),
      allAfter: db
        .prepare<[number | bigint, number], Row>(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position ASC LIMIT ?`)
        .raw(),
      head: db.prepare<[], number | null>('SELECT max(position) FROM events').pluck(),
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    };
    this.lastDataVersion = this.stmt.dataVersion.get()!;
    // Built once: better-sqlite3 transaction wrappers are not free to create.
    this.txOne = db.transaction((pending: PendingAppend, recordedAt: string) => this.appendOrRefuse(pending, recordedAt));
    this.txSavepoint = db.transaction((pending: PendingAppend, recordedAt: string) =>
      this.appendOrRefuse(pending, recordedAt),
    );
    this.txGroup = db.transaction((batch: readonly PendingAppend[], recordedAt: string) =>
      batch.map((pending) => this.appendInSavepoint(pending, recordedAt)),
    );
    this.checkpointer = inMemory
      ? null
      : new WalCheckpointer(options.filename, options.checkpointIntervalMs ?? 1000);
  }

  append<E extends DomainEvent>(
    stream: string,
    events: readonly NewEvent<E>[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      if (this.closed) throw new EventStoreUnavailableError('The event store is closed');
      validateAppend(stream, events as readonly NewEvent<DomainEvent>[], options.expectedRevision);
      this.queue.push({
        stream,
        events: events as readonly NewEvent<DomainEvent>[],
        expected: options.expectedRevision,
        resolve,
        reject,
      });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  async *readStream<E extends DomainEvent = DomainEvent>(
    stream: string,
    options: ReadStreamOptions = {},
  ): AsyncIterable<RecordedEvent<E>> {
    this.assertOpen();
    const last = this.read(() => this.stmt.lastRevision.get(stream)) ?? -1;
    const window = readStreamWindow(last, options);
    if (window === null) return;
    let next = window.from;
    for (;;) {
      const remaining = Math.abs(window.to - next) + 1;
      const limit = Math.min(this.pageSize, remaining);
      const rows =
        window.step > 0
          ? this.read(() => this.stmt.streamForward.all(stream, next, window.to, limit))
          : this.read(() => this.stmt.streamBackward.all(stream, next, window.to, limit));
      for (const row of rows) yield toRecorded(row) as RecordedEvent<E>;
      if (rows.length < limit || rows.length === remaining) return;
      next = rows[rows.length - 1]![2] + window.step;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    let after: GlobalPosition = options.fromPosition === undefined || options.fromPosition === START ? 0n : options.fromPosition;
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const limit = Math.min(this.pageSize, remaining);
      const rows = this.read(() => this.stmt.allAfter.all(after, limit));
      for (const row of rows) yield toRecorded(row);
      if (rows.length < limit) return;
      remaining -= rows.length;
      after = BigInt(rows[rows.length - 1]![0]);
    }
  }

  /** A page of the log after `after`, synchronously: for followers and rebuilds. */
  readPage(after: GlobalPosition | null, limit: number): RecordedEvent[] {
    this.assertOpen();
    return this.read(() => this.stmt.allAfter.all(after ?? 0n, limit)).map(toRecorded);
  }

  subscribeAll(options: SubscribeAllOptions = {}): Observable<RecordedEvent> {
    this.assertOpen();
    return followLog(
      {
        readPage: (after, limit) => this.readPage(after, limit),
        onAppended: (listener) => {
          this.listeners.add(listener);
          return () => this.listeners.delete(listener);
        },
        changedElsewhere: () => {
          if (this.closed) return false;
          const version = this.stmt.dataVersion.get()!;
          if (version === this.lastDataVersion) return false;
          this.lastDataVersion = version;
          // Another connection wrote: wake every follower of this store.
          this.listeners.forEach((listener) => listener());
          return true;
        },
      },
      {
        after: options.fromPosition === undefined || options.fromPosition === START ? null : options.fromPosition,
        pageSize: this.pageSize,
        pollIntervalMs: this.pollIntervalMs,
      },
    ).pipe(takeUntil(this.closed$));
  }

  async headPosition(): Promise<GlobalPosition | null> {
    this.assertOpen();
    const head = this.read(() => this.stmt.head.get());
    return head === null || head === undefined ? null : BigInt(head);
  }

  async ping(): Promise<void> {
    this.assertOpen();
    this.read(() => this.stmt.head.get());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Appends already accepted are committed before the file closes.
    if (this.queue.length > 0) this.flush();
    this.closed = true;
    this.closed$.next();
    this.closed$.complete();
    this.listeners.clear();
    await this.checkpointer?.close();
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // A busy or read-only file keeps its WAL; the next open replays it.
    }
    this.db.close();
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const recordedAt = this.now().toISOString();
    if (batch.length === 1) this.flushOne(batch[0]!, recordedAt);
    else this.flushGroup(batch, recordedAt);
  }

  /** A lone append is the whole transaction: no savepoint, nothing to share. */
  private flushOne(pending: PendingAppend, recordedAt: string): void {
    let outcome: Outcome;
    try {
      outcome = this.txOne.immediate(pending, recordedAt);
    } catch (error) {
      outcome = error instanceof Refusal ? this.resolveRejected(pending, error.error) : this.failure(error);
    }
    if (outcome.ok) this.afterWrite();
    this.settle(pending, outcome);
  }

  /** Appends issued together commit together, each in a savepoint of its own. */
  private flushGroup(batch: readonly PendingAppend[], recordedAt: string): void {
    let outcomes: Outcome[];
    try {
      outcomes = this.txGroup.immediate(batch, recordedAt);
    } catch (error) {
      const failed = this.failure(error);
      for (const pending of batch) this.settle(pending, failed);
      return;
    }
    let wrote = false;
    batch.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      wrote ||= outcome.ok;
      this.settle(pending, outcome.ok ? outcome : this.resolveRejected(pending, outcome.error));
    });
    if (wrote) this.afterWrite();
  }

  private afterWrite(): void {
    this.checkpointer?.noteWrite();
    for (const listener of this.listeners) listener();
  }

  private failure(error: unknown): Outcome {
    return { ok: false, error: this.mapError(error, 'The event store could not commit the append') };
  }

  private appendInSavepoint(pending: PendingAppend, recordedAt: string): Outcome {
    try {
      return this.txSavepoint(pending, recordedAt);
    } catch (error) {
      // A refusal of this append rolls back its savepoint only; anything else fails the group.
      if (error instanceof Refusal) return { ok: false, error: error.error };
      throw error;
    }
  }

  /** Writes one append; a refusal is thrown as `Refusal` so that its (save)transaction rolls back. */
  private appendOrRefuse(pending: PendingAppend, recordedAt: string): Outcome {
    const outcome = this.appendOne(pending, recordedAt);
    if (!outcome.ok) throw new Refusal(outcome.error);
    return outcome;
  }

  /** Writes one append inside the current transaction; a failure is returned, not thrown. */
  private appendOne(
    pending: PendingAppend,
    recordedAt: string,
  ): Outcome {
    const { stream, events, expected } = pending;
    try {
      const last = this.stmt.lastRevision.get(stream) ?? -1;
      checkExpectedRevision(stream, expected, last);
      let revision = last;
      let position = 0;
      for (const event of events) {
        revision += 1;
        const info = this.stmt.insert.run(
          stream,
          revision,
          event.id.toLowerCase(),
          event.type,
          JSON.stringify(event.data) ?? 'null',
          JSON.stringify(event.metadata ?? {}),
          recordedAt,
        );
        position = Number(info.lastInsertRowid);
      }
      return { ok: true, result: { nextExpectedRevision: revision, position: BigInt(position) } };
    } catch (error) {
      if (error instanceof EventStoreError || isUniqueViolation(error)) return { ok: false, error };
      throw error;
    }
  }

  /**
   * An append was refused for a conflict or a duplicate id: it may be a re-send of
   * events already stored at that place, which answers with the first result.
   */
  private resolveRejected(pending: PendingAppend, error: unknown): Outcome {
    if (!(error instanceof WrongExpectedRevisionError) && !isUniqueViolation(error)) {
      return { ok: false, error: this.mapError(error, 'The event store could not commit the append') };
    }
    try {
      const repeat = this.findRepeat(pending);
      if (repeat !== null) return { ok: true, result: repeat };
    } catch (lookupError) {
      return { ok: false, error: this.mapError(lookupError, 'The event store could not commit the append') };
    }
    if (error instanceof WrongExpectedRevisionError) return { ok: false, error };
    const clash = pending.events.find((event) => this.stmt.eventById.get(event.id.toLowerCase()) !== undefined);
    return { ok: false, error: new DuplicateEventIdError(pending.stream, clash?.id ?? pending.events[0]!.id) };
  }

  private findRepeat(pending: PendingAppend): AppendResult | null {
    const found = pending.events.map((event) => this.stmt.eventById.get(event.id.toLowerCase()));
    if (found.every((row) => row === undefined)) return null;
    const first = found[0];
    const consecutive =
      first !== undefined &&
      first[1] === pending.stream &&
      found.every((row, i) => row !== undefined && row[1] === pending.stream && row[2] === first[2] + i);
    if (!consecutive || !isSamePlace(pending.expected, first[2])) {
      const clash = pending.events.find((_, i) => found[i] !== undefined)!;
      throw new DuplicateEventIdError(pending.stream, clash.id);
    }
    const last = found[found.length - 1]!;
    return { nextExpectedRevision: last[2], position: BigInt(last[0]) };
  }

  private settle(
    pending: PendingAppend,
    outcome: Outcome,
  ): void {
    if (outcome.ok) pending.resolve(outcome.result);
    else pending.reject(outcome.error);
  }

  private read<T>(query: () => T): T {
    try {
      return query();
    } catch (error) {
      throw this.mapError(error, 'The event store could not be read');
    }
  }

  private mapError(error: unknown, message: string): unknown {
    if (error instanceof EventStoreError) return error;
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) {
      return new EventStoreUnavailableError(`${message}: ${code}`, { cause: error });
    }
    // By message: the driver's native errors may come from another realm (jest workers).
    const text = (error as { message?: unknown } | null)?.message;
    if (typeof text === 'string' && /database connection is not open/.test(text)) {
      return new EventStoreUnavailableError('The event store is closed', { cause: error });
    }
    return error;
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('The event store is closed');
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(`The event store file has schema ${version}; this version reads up to ${SCHEMA_VERSION}`);
    }
    if (version === SCHEMA_VERSION) return;
    this.db.exec(`
      BEGIN IMMEDIATE;
      CREATE TABLE IF NOT EXISTS events (
        position    INTEGER PRIMARY KEY,
        stream_id   TEXT    NOT NULL,
        revision    INTEGER NOT NULL,
        event_id    TEXT    NOT NULL,
        type        TEXT    NOT NULL,
        data        TEXT    NOT NULL,
        metadata    TEXT    NOT NULL,
        recorded_at TEXT    NOT NULL
      );
      CREATE UNIQUE INDEX IF NOT EXISTS events_stream_revision ON events (stream_id, revision);
      CREATE UNIQUE INDEX IF NOT EXISTS events_event_id ON events (event_id);
      PRAGMA user_version = ${SCHEMA_VERSION};
      COMMIT;
    `);
  }
}

/** Carries a refused append out of its transaction, which rolls back; not an error of the store. */
class Refusal {
  constructor(readonly error: unknown) {}
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
