import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { WalCheckpointer, type GlobalPosition } from '@app/event-store';
import {
  CheckpointConflictError,
  LeaseLostError,
  ReadStoreUnavailableError,
  assertViewName,
  type Lease,
  type LeaseRef,
  type LeaseRequest,
  type ListOptions,
  type ReadStore,
  type ViewBatch,
} from '../../read-store.port';

export interface SqliteReadStoreOptions {
  readonly filename: string;
  readonly synchronous?: 'NORMAL' | 'FULL';
  /**
   * Views whose documents are kept parsed in memory (and frozen): small ones
   * read on every request, such as sessions and project members. A cached
   * document is dropped when this store writes it, and every cached document
   * of a view when another connection (another process, the projector's
   * thread) has written documents of that view: each write counts a change of
   * its view in the file (`view_versions`), in the same transaction.
   */
  readonly cachedViews?: readonly string[] | ((view: string) => boolean);
  /** How often the WAL is checkpointed, from a worker thread, when there were writes (default 1 s). */
  readonly checkpointIntervalMs?: number;
  /** Documents kept per cached view (default 10,000): the least recently read go first. */
  readonly cachedPerView?: number;
}

const UNAVAILABLE_CODES = /^SQLITE_(FULL|READONLY|IOERR|BUSY|LOCKED|CANTOPEN|NOMEM|CORRUPT|NOTADB)/;
const SCHEMA_VERSION = 4;
const MAX_IDS_PER_QUERY = 500;

/**
 * The embedded read store: one SQLite file (WAL), documents as JSON text keyed
 * by (view, id), checkpoints in the same file so a batch and its checkpoint
 * commit in one transaction.
 */
export class SqliteReadStore implements ReadStore {
  private readonly db: Database.Database;
  private readonly stmt: {
    get: Database.Statement<[string, string], string>;
    put: Database.Statement<[string, string, string]>;
    insertNew: Database.Statement<[string, string, string]>;
    del: Database.Statement<[string, string]>;
    list: Database.Statement<[string, string, number], [string, string]>;
    count: Database.Statement<[string], number>;
    getCheckpoint: Database.Statement<[string], string>;
    putCheckpoint: Database.Statement<[string, string, string | null]>;
    getLease: Database.Statement<[string], LeaseRow>;
    putLease: Database.Statement<[string, string, number, number]>;
    delLease: Database.Statement<[string, string]>;
    delCheckpoint: Database.Statement<[string]>;
    delView: Database.Statement<[string]>;
    dataVersion: Database.Statement<[], number>;
    bumpView: Database.Statement<[string]>;
    viewVersions: Database.Statement<[], [string, number]>;
  };
  private closed = false;
  /** Per cached view: id → the document, frozen, or null for none. */
  private readonly cache = new Map<string, Map<string, unknown>>();
  private readonly caches: (view: string) => boolean;
  private readonly cachedPerView: number;
  private readonly checkpointer: WalCheckpointer | null;
  /** The file's data version when the cache was last known to match it (PRAGMA data_version: changes when another connection commits). */
  private dataVersion = -1;
  /** Each view's count of changes (`view_versions`) when this store last looked. */
  private readonly viewVersions = new Map<string, number>();
  /** Whether the data version was checked in this turn of the event loop. */
  private versionChecked = false;
  private readonly selectInByCount = new Map<number, Database.Statement<unknown[], [string, string]>>();
  /** A single write and its count of changes, in one transaction (built once: a better-sqlite3 transaction wrapper is not free to create). */
  private readonly txInsertNew: (view: string, id: string, body: string) => boolean;
  private readonly txPut: (view: string, id: string, body: string | null) => void;

  constructor(options: SqliteReadStoreOptions) {
    const inMemory = options.filename === ':memory:' || options.filename === '';
    if (!inMemory) mkdirSync(dirname(options.filename), { recursive: true });
    try {
      this.db = new Database(options.filename);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
      this.db.pragma('busy_timeout = 5000');
      // Checkpoints run on a worker thread (below), never inside a commit on this thread.
      if (!inMemory) this.db.pragma('wal_autocheckpoint = 0');
      this.migrate();
    } catch (error) {
      throw mapError(error, `Cannot open the read store at ${options.filename}`);
    }
    const db = this.db;
    this.stmt = {
      get: db.prepare<[string, string], string>('SELECT body FROM documents WHERE view = ? AND id = ?').pluck(),
      put: db.prepare('INSERT INTO documents (view, id, body) VALUES (?, ?, ?) ON CONFLICT (view, id) DO UPDATE SET body = excluded.body'),
      insertNew: db.prepare('INSERT INTO documents (view, id, body) VALUES (?, ?, ?) ON CONFLICT (view, id) DO NOTHING'),
      del: db.prepare('DELETE FROM documents WHERE view = ? AND id = ?'),
      list: db
        .prepare<[string, string, number], [string, string]>(
          'SELECT id, body FROM documents WHERE view = ? AND id > ? ORDER BY id LIMIT ?',
        )
        .raw(),
      count: db.prepare<[string], number>('SELECT count(*) FROM documents WHERE view = ?').pluck(),
      getCheckpoint: db.prepare<[string], string>('SELECT position FROM checkpoints WHERE name = ?').pluck(),
      putCheckpoint: db.prepare(
        'INSERT INTO checkpoints (name, position, writer) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position, writer = excluded.writer',
      ),
      getLease: db.prepare<[string], LeaseRow>('SELECT holder, acquired_at AS acquiredAt, expires_at AS expiresAt FROM leases WHERE name = ?'),
      putLease: db.prepare(
        'INSERT INTO leases (name, holder, acquired_at, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at',
      ),
      delLease: db.prepare('DELETE FROM leases WHERE name = ? AND holder = ?'),
      delCheckpoint: db.prepare('DELETE FROM checkpoints WHERE name = ?'),
      delView: db.prepare('DELETE FROM documents WHERE view = ?'),
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
      bumpView: db.prepare('INSERT INTO view_versions (view, version) VALUES (?, 1) ON CONFLICT (view) DO UPDATE SET version = version + 1'),
      viewVersions: db.prepare<[], [string, number]>('SELECT view, version FROM view_versions').raw(),
    };
    this.txInsertNew = db.transaction((view: string, id: string, body: string) => {
      const added = this.stmt.insertNew.run(view, id, body).changes === 1;
      if (added) this.stmt.bumpView.run(view);
      return added;
    });
    this.txPut = db.transaction((view: string, id: string, body: string | null) => {
      if (body === null) this.stmt.del.run(view, id);
      else this.stmt.put.run(view, id, body);
      this.stmt.bumpView.run(view);
    });
    const cached = options.cachedViews ?? [];
    this.caches = typeof cached === 'function' ? cached : (view) => cached.includes(view);
    this.cachedPerView = options.cachedPerView ?? 10_000;
    this.checkpointer = inMemory ? null : new WalCheckpointer(options.filename, options.checkpointIntervalMs ?? 1000);
  }

  async get<T = unknown>(view: string, id: string): Promise<T | null> {
    assertViewName(view);
    const cached = this.cachedView(view);
    if (cached !== undefined) {
      const hit = cached.get(id);
      if (hit !== undefined) {
        // Least recently read first out: a hit moves to the end.
        cached.delete(id);
        cached.set(id, hit);
        return hit as T | null;
      }
    }
    const body = this.run(() => this.stmt.get.get(view, id));
    const doc = body === undefined ? null : (JSON.parse(body) as T);
    if (cached !== undefined) this.remember(cached, id, doc);
    return doc;
  }

  async getMany<T = unknown>(view: string, ids: readonly string[]): Promise<Map<string, T>> {
    assertViewName(view);
    return this.getManySync<T>(view, ids);
  }

  /** Synchronous `getMany`, for callers already on the store's thread (the projector). */
  getManySync<T = unknown>(view: string, ids: readonly string[]): Map<string, T> {
    const found = new Map<string, T>();
    const cached = this.cachedView(view);
    let unique = [...new Set(ids)];
    if (cached !== undefined) {
      unique = unique.filter((id) => {
        const hit = cached.get(id);
        if (hit === undefined) return true;
        if (hit !== null) found.set(id, hit as T);
        return false;
      });
    }
    for (let i = 0; i < unique.length; i += MAX_IDS_PER_QUERY) {
      const chunk = unique.slice(i, i + MAX_IDS_PER_QUERY);
      const rows = this.run(() => this.selectIn(chunk.length).all(view, ...chunk));
      for (const [id, body] of rows) found.set(id, JSON.parse(body) as T);
    }
    if (cached !== undefined) for (const id of unique) this.remember(cached, id, found.get(id) ?? null);
    return found;
  }

  /**
   * The cache of a cached view, emptied first if another connection (another
   * process, the projector's thread) wrote documents of that view since it
   * was last checked; undefined for a view not cached. Whether another
   * connection wrote at all (PRAGMA data_version) is checked once per turn of
   * the event loop, as it opens a read transaction, which costs as much as a
   * read: a request that arrives after another process committed sees what it
   * committed. Only then are the views' counts of changes read, and only the
   * views whose count moved are emptied: the projector committing a board
   * leaves the sessions and memberships that every request reads in memory.
   */
  private cachedView(view: string): Map<string, unknown> | undefined {
    if (!this.caches(view)) return undefined;
    let cached = this.cache.get(view);
    if (cached === undefined) this.cache.set(view, (cached = new Map()));
    if (!this.versionChecked) {
      const version = this.run(() => this.stmt.dataVersion.get())!;
      if (version !== this.dataVersion) {
        for (const [changed, count] of this.run(() => this.stmt.viewVersions.all())) {
          if (this.viewVersions.get(changed) === count) continue;
          this.viewVersions.set(changed, count);
          this.cache.get(changed)?.clear();
        }
        this.dataVersion = version;
      }
      this.versionChecked = true;
      setImmediate(() => (this.versionChecked = false)).unref();
    }
    return cached;
  }

  private remember(cached: Map<string, unknown>, id: string, doc: unknown): void {
    if (cached.size >= this.cachedPerView) cached.delete(cached.keys().next().value!);
    cached.set(id, deepFreeze(doc));
  }

  /** This store wrote `id` of `view` (or every document of it, without an id): a cached copy is stale. */
  private forget(view: string, id?: string): void {
    const cached = this.cache.get(view);
    if (cached === undefined) return;
    if (id === undefined) cached.clear();
    else cached.delete(id);
  }

  /** `SELECT … id IN (?, …)` for `count` ids, prepared once per count (preparing costs more than the query). */
  private selectIn(count: number): Database.Statement<unknown[], [string, string]> {
    let statement = this.selectInByCount.get(count);
    if (statement === undefined) {
      statement = this.db
        .prepare<unknown[], [string, string]>(`SELECT id, body FROM documents WHERE view = ? AND id IN (${new Array(count).fill('?').join(',')})`)
        .raw();
      if (this.selectInByCount.size < 64) this.selectInByCount.set(count, statement);
    }
    return statement;
  }

  async list<T = unknown>(view: string, options: ListOptions = {}): Promise<Array<{ id: string; doc: T }>> {
    assertViewName(view);
    const limit = options.limit ?? 1000;
    return this.run(() => this.stmt.list.all(view, options.afterId ?? '', limit)).map(([id, body]) => ({
      id,
      doc: JSON.parse(body) as T,
    }));
  }

  async count(view: string): Promise<number> {
    assertViewName(view);
    return this.run(() => this.stmt.count.get(view)) ?? 0;
  }

  async commit(batch: ViewBatch): Promise<void> {
    this.commitSync(batch);
  }

  /**
   * Synchronous `commit`: one transaction for every change and the checkpoint.
   * Each document is stringified as it is written, inside the transaction, not
   * all of them first: a rebuild's commit then never holds its megabytes of
   * JSON text at once (JSON.stringify's text is a chain of parts that binding
   * flattens into a copy; held together, V8 copied them again at every
   * young-generation collection). The write lock is held the longer, for
   * readers nothing changes (WAL).
   */
  commitSync(batch: ViewBatch): void {
    for (const change of batch.changes) assertViewName(change.view);
    this.run(() =>
      this.db
        .transaction(() => {
          const { name, position, expected, lease } = batch.checkpoint;
          if (lease !== undefined) {
            const held = this.stmt.getLease.get(lease.name);
            if (held === undefined || held.holder !== lease.holder || held.expiresAt <= Date.now()) {
              throw new LeaseLostError(lease.name, lease.holder, held === undefined || held.expiresAt <= Date.now() ? null : held.holder);
            }
          }
          const stored = this.stmt.getCheckpoint.get(name);
          const actual = stored === undefined ? null : BigInt(stored);
          if (actual !== expected) throw new CheckpointConflictError(name, expected, actual);
          let view: string | null = null;
          const views = new Set<string>();
          for (const change of batch.changes) {
            const body = change.doc === null ? undefined : (JSON.stringify(change.doc) as string | undefined);
            if (body === undefined) this.stmt.del.run(change.view, change.id);
            else this.stmt.put.run(change.view, change.id, body);
            if (change.view !== view) views.add((view = change.view));
          }
          for (const changed of views) this.stmt.bumpView.run(changed);
          this.stmt.putCheckpoint.run(name, position.toString(), lease?.holder ?? null);
        })
        .immediate(),
    );
    for (const change of batch.changes) this.forget(change.view, change.id);
    this.checkpointer?.noteWrite();
  }

  async insertIfAbsent(view: string, id: string, doc: unknown): Promise<boolean> {
    assertViewName(view);
    const body = JSON.stringify(doc);
    const inserted = this.run(() => this.txInsertNew(view, id, body));
    if (inserted) {
      this.forget(view, id);
      this.checkpointer?.noteWrite();
    }
    return inserted;
  }

  async put(view: string, id: string, doc: unknown): Promise<void> {
    assertViewName(view);
    const body = doc === null ? null : JSON.stringify(doc);
    this.run(() => this.txPut(view, id, body ?? null));
    this.forget(view, id);
    this.checkpointer?.noteWrite();
  }

  async getCheckpoint(name: string): Promise<GlobalPosition | null> {
    return this.getCheckpointSync(name);
  }

  getCheckpointSync(name: string): GlobalPosition | null {
    const stored = this.run(() => this.stmt.getCheckpoint.get(name));
    return stored === undefined ? null : BigInt(stored);
  }

  /** One immediate transaction: the lease is read and written with the file locked, so two processes never both take it. */
  async acquireLease({ name, holder, ttlMs, preempt = false }: LeaseRequest): Promise<boolean> {
    return this.run(() =>
      this.db
        .transaction(() => {
          const now = Date.now();
          const held = this.stmt.getLease.get(name);
          if (held !== undefined && held.holder !== holder && held.expiresAt > now && !preempt) return false;
          const acquiredAt = held !== undefined && held.holder === holder && held.expiresAt > now ? held.acquiredAt : now;
          this.stmt.putLease.run(name, holder, acquiredAt, now + ttlMs);
          this.checkpointer?.noteWrite();
          return true;
        })
        .immediate(),
    );
  }

  async releaseLease({ name, holder }: LeaseRef): Promise<void> {
    this.run(() => this.stmt.delLease.run(name, holder));
    this.checkpointer?.noteWrite();
  }

  async getLease(name: string): Promise<Lease | null> {
    const held = this.run(() => this.stmt.getLease.get(name));
    return held === undefined
      ? null
      : { name, holder: held.holder, acquiredAt: new Date(held.acquiredAt), expiresAt: new Date(held.expiresAt) };
  }

  async reset(name: string, views: readonly string[]): Promise<void> {
    views.forEach(assertViewName);
    this.run(() =>
      this.db
        .transaction(() => {
          for (const view of views) {
            this.stmt.delView.run(view);
            this.stmt.bumpView.run(view);
          }
          this.stmt.delCheckpoint.run(name);
        })
        .immediate(),
    );
    for (const view of views) this.forget(view);
    this.checkpointer?.noteWrite();
  }

  async ping(): Promise<void> {
    this.run(() => this.stmt.count.get('ping'));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.checkpointer?.close();
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // A busy or read-only file keeps its WAL; the next open replays it.
    }
    this.db.close();
  }

  private run<T>(query: () => T): T {
    if (this.closed) throw new ReadStoreUnavailableError('The read store is closed');
    try {
      return query();
    } catch (error) {
      throw mapError(error, 'The read store failed');
    }
  }

  /**
   * Brings the file to SCHEMA_VERSION in one immediate transaction that reads
   * the version itself, so processes opening a new file at once migrate it once.
   */
  private migrate(): void {
    if (this.version() === SCHEMA_VERSION) return;
    this.db
      .transaction(() => {
        const version = this.version();
        if (version === SCHEMA_VERSION) return;
        if (version < 2) {
          // Documents live in a rowid table with a unique (view, id) key. Schema 1 kept
          // them in a WITHOUT ROWID table, where one large document (a long project's
          // board) made every point read of the small ones (sessions, memberships)
          // ten to a hundred times slower: schema 1 files are moved over as they open.
          this.db.exec(`
            CREATE TABLE documents_v2 (
              view TEXT NOT NULL,
              id   TEXT NOT NULL,
              body TEXT NOT NULL,
              UNIQUE (view, id)
            );
            ${version === 1 ? 'INSERT INTO documents_v2 (view, id, body) SELECT view, id, body FROM documents; DROP TABLE documents;' : ''}
            ALTER TABLE documents_v2 RENAME TO documents;
            CREATE TABLE IF NOT EXISTS checkpoints (
              name     TEXT PRIMARY KEY,
              position TEXT NOT NULL
            ) WITHOUT ROWID;
          `);
        }
        if (version < 3) {
          // Schema 3: one active projector per view group (leases), and who wrote each checkpoint.
          this.db.exec(`
            ALTER TABLE checkpoints ADD COLUMN writer TEXT;
            CREATE TABLE leases (
              name        TEXT PRIMARY KEY,
              holder      TEXT NOT NULL,
              acquired_at INTEGER NOT NULL,
              expires_at  INTEGER NOT NULL
            ) WITHOUT ROWID;
          `);
        }
        // Schema 4: each view's count of changes, so that a connection keeping documents in memory drops only those of views another one changed.
        this.db.exec(`
          CREATE TABLE view_versions (
            view    TEXT PRIMARY KEY,
            version INTEGER NOT NULL
          ) WITHOUT ROWID;
          PRAGMA user_version = ${SCHEMA_VERSION};
        `);
      })
      .immediate();
  }

  private version(): number {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(`The read store file has schema ${version}; this version reads up to ${SCHEMA_VERSION}`);
    }
    return version;
  }
}

/** A lease's row; times in ms since the epoch. */
interface LeaseRow {
  readonly holder: string;
  readonly acquiredAt: number;
  readonly expiresAt: number;
}

/** Freezes a parsed document and everything in it: a cached document is shared by every reader, so none may change it. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

function mapError(error: unknown, message: string): unknown {
  if (error instanceof CheckpointConflictError || error instanceof LeaseLostError || error instanceof ReadStoreUnavailableError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) {
    return new ReadStoreUnavailableError(`${message}: ${code}`, { cause: error });
  }
  return error;
}
