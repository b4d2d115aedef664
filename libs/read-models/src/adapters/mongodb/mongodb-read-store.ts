import {
  MongoClient,
  ReadConcern,
  ReadPreference,
  WriteConcern,
  type ClientSession,
  type Collection,
  type Db,
  type MongoClientOptions,
  type TransactionOptions,
} from 'mongodb';
import type { GlobalPosition } from '@app/event-store';
import {
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
import {
  BODY_PROJECTION,
  CHECKPOINTS_COLLECTION,
  DEFAULT_DATABASE,
  assertExpectedCheckpoint,
  chunkIds,
  collectionNameForView,
  databaseNameFromUrl,
  decodeBody,
  encodeBody,
  encodePosition,
  groupChangesByView,
  listFilter,
  mapMongoError,
  normalizeLimit,
  positionOf,
  toBulkOperations,
} from './mongodb-mapping';

/** A view document: the JSON value in `doc`, or its JSON text in `body` (see `encodeBody`). */
interface ViewDocument {
  _id: string;
  doc?: unknown;
  body?: string;
}

interface CheckpointDocument {
  _id: string;
  /** Decimal string: positions may exceed 64 bits. */
  position: string;
  /** The lease holder that wrote it, when the writer held a lease. */
  writer?: string;
}

interface LeaseDocument {
  _id: string;
  holder: string;
  acquiredAt: Date;
  expiresAt: Date;
}

/** Leases (one active projector per view group): `{ _id: name, holder, acquiredAt, expiresAt }`. */
const LEASES_COLLECTION = 'leases';

export type MongoReadStoreOptions =
  | {
      /** `mongodb://…` or `mongodb+srv://…`; the store creates, and closes, its client. */
      readonly url: string;
      /** Default: the database in the URL path, else `client_projects`. */
      readonly dbName?: string;
      readonly clientOptions?: MongoClientOptions;
    }
  | {
      /** A client owned by the caller: `close()` leaves it open. */
      readonly client: MongoClient;
      /** Default: `client_projects` (an existing client does not tell whether its URL named one). */
      readonly dbName?: string;
    };

/**
 * Every transaction reads a snapshot (on a replica set: the latest data,
 * guaranteed majority-committed once the commit returns) and commits with
 * `w: majority` + journal, so an acknowledged batch survives a failover and is
 * never rolled back. Reads outside transactions use the primary with the
 * default read concern, so a reader sees its own acknowledged commits.
 */
const TRANSACTION_OPTIONS: TransactionOptions = {
  readConcern: new ReadConcern('snapshot'),
  writeConcern: new WriteConcern('majority', undefined, true),
  readPreference: ReadPreference.primary,
};

/**
 * The production read store: one collection per view (`view_<view>`, documents
 * `{ _id: id, doc }` or `{ _id: id, body }`), checkpoints in `checkpoints`
 * (`{ _id: name, position: "<decimal>" }`). A batch and its checkpoint are
 * written in one multi-document transaction, so MongoDB must run as a replica
 * set (a single-node `rs0` is enough).
 */
export class MongoReadStore implements ReadStore {
  private readonly client: MongoClient;
  private readonly db: Db;
  private readonly ownsClient: boolean;
  private closed = false;

  constructor(options: MongoReadStoreOptions) {
    if ('client' in options) {
      this.client = options.client;
      this.ownsClient = false;
      this.db = this.client.db(options.dbName ?? DEFAULT_DATABASE);
    } else {
      // The driver connects on first use; `MongoReadStore.connect` connects eagerly.
      this.client = new MongoClient(options.url, options.clientOptions);
      this.ownsClient = true;
      this.db = this.client.db(options.dbName ?? databaseNameFromUrl(options.url) ?? DEFAULT_DATABASE);
    }
  }

  /** Creates the client, connects (so a bad URL or an unreachable server fails here) and returns the store. */
  static async connect(
    url: string,
    options: { readonly dbName?: string; readonly clientOptions?: MongoClientOptions } = {},
  ): Promise<MongoReadStore> {
    const store = new MongoReadStore({ url, ...options });
    try {
      await store.client.connect();
    } catch (error) {
      await store.client.close().catch(() => undefined);
      throw mapMongoError(error, 'Cannot connect to the read store');
    }
    return store;
  }

  /** The database this store writes to. */
  get databaseName(): string {
    return this.db.databaseName;
  }

  async get<T = unknown>(view: string, id: string): Promise<T | null> {
    const collection = this.viewCollection(view);
    const found = await this.run(() => collection.findOne({ _id: id }, { projection: BODY_PROJECTION }));
    return found === null ? null : decodeBody<T>(found);
  }

  async getMany<T = unknown>(view: string, ids: readonly string[]): Promise<Map<string, T>> {
    const collection = this.viewCollection(view);
    const found = new Map<string, T>();
    for (const chunk of chunkIds(ids)) {
      const docs = await this.run(() =>
        collection.find({ _id: { $in: chunk } }, { projection: BODY_PROJECTION }).toArray(),
      );
      for (const doc of docs) found.set(doc._id, decodeBody<T>(doc));
    }
    return found;
  }

  async list<T = unknown>(view: string, options: ListOptions = {}): Promise<Array<{ id: string; doc: T }>> {
    const collection = this.viewCollection(view);
    const limit = normalizeLimit(options.limit);
    // `limit(0)` means "no limit" to MongoDB: an empty page needs no query.
    if (limit === 0) return [];
    const docs = await this.run(() =>
      collection
        .find(listFilter(options.afterId), { projection: BODY_PROJECTION })
        // Default (simple) collation: `_id` strings compare by their UTF-8 bytes, like SQLite's BINARY.
        .sort({ _id: 1 })
        .limit(limit)
        .toArray(),
    );
    return docs.map((doc) => ({ id: doc._id, doc: decodeBody<T>(doc) }));
  }

  async count(view: string): Promise<number> {
    const collection = this.viewCollection(view);
    return this.run(() => collection.countDocuments({}));
  }

  /**
   * One transaction: read the checkpoint, compare it with `expected`, apply
   * each view's changes with one ordered `bulkWrite`, move the checkpoint.
   *
   * - A CheckpointConflictError thrown in the callback makes `withTransaction`
   *   abort: nothing is written.
   * - Two writers racing on the same checkpoint both write its document, so
   *   the server fails one with a WriteConflict (a TransientTransactionError);
   *   `withTransaction` reruns its callback, which then sees the new checkpoint
   *   and throws CheckpointConflictError.
   * - Re-application is safe: `withTransaction` retries `commitTransaction`
   *   itself after an UnknownTransactionCommitResult (idempotent on the
   *   server), and if the outcome is still unknown when it gives up we throw
   *   ReadStoreUnavailableError. A caller retrying that batch either finds
   *   the old checkpoint (nothing was applied, it applies now) or the batch's
   *   position (it was applied: CheckpointConflictError with
   *   `actual === batch position`, which the projector treats as done). The
   *   compare-and-set on the checkpoint is what makes a batch apply at most once.
   */
  async commit(batch: ViewBatch): Promise<void> {
    // Everything that can be refused without the server is checked first (RangeError, TypeError).
    const groups = groupChangesByView(batch.changes);
    const { name, position, expected, lease } = batch.checkpoint;
    const encodedPosition = encodePosition(position);
    const plan = groups.map((group) => ({
      collection: this.db.collection<ViewDocument>(group.collection),
      operations: toBulkOperations(group.writes),
    }));
    const checkpoints = this.checkpoints();
    const leases = this.leases();
    await this.transaction(async (session) => {
      if (lease !== undefined) {
        // Read and rewrite the lease in the transaction: a holder taking it meanwhile
        // writes the same document, so the server lets only one of the two commit.
        const held = await leases.findOne({ _id: lease.name }, { session });
        if (held === null || held.holder !== lease.holder || held.expiresAt.getTime() <= Date.now()) {
          throw new LeaseLostError(lease.name, lease.holder, held === null || held.expiresAt.getTime() <= Date.now() ? null : held.holder);
        }
        await leases.replaceOne({ _id: lease.name }, { holder: held.holder, acquiredAt: held.acquiredAt, expiresAt: held.expiresAt }, { session, upsert: true });
      }
      const stored = await checkpoints.findOne({ _id: name }, { session });
      assertExpectedCheckpoint(name, expected, positionOf(stored, name));
      // Sequential on purpose: operations of one transaction must not run in parallel.
      for (const { collection, operations } of plan) {
        if (operations.length === 0) continue;
        await collection.bulkWrite(operations, { session, ordered: true });
      }
      await checkpoints.replaceOne(
        { _id: name },
        lease === undefined ? { position: encodedPosition } : { position: encodedPosition, writer: lease.holder },
        { session, upsert: true },
      );
    });
  }

  /**
   * One transaction: read the lease, write it if free, expired or ours.
   * Concurrent takers all write the same document, so the server commits one
   * and reruns the others, which then find it held. Expiry is judged by this
   * node's clock (nodes are expected to keep theirs in sync, e.g. NTP; a lease
   * lasts seconds).
   */
  async acquireLease({ name, holder, ttlMs, preempt = false }: LeaseRequest): Promise<boolean> {
    const leases = this.leases();
    let taken = false;
    await this.transaction(async (session) => {
      const now = Date.now();
      const held = await leases.findOne({ _id: name }, { session });
      const running = held !== null && held.expiresAt.getTime() > now;
      taken = !running || held.holder === holder || preempt;
      if (!taken) return;
      const acquiredAt = running && held.holder === holder ? held.acquiredAt : new Date(now);
      await leases.replaceOne({ _id: name }, { holder, acquiredAt, expiresAt: new Date(now + ttlMs) }, { session, upsert: true });
    });
    return taken;
  }

  async releaseLease({ name, holder }: LeaseRef): Promise<void> {
    const leases = this.leases();
    await this.transaction(async (session) => {
      const held = await leases.findOne({ _id: name }, { session });
      if (held !== null && held.holder === holder) await leases.deleteOne({ _id: name }, { session });
    });
  }

  async getLease(name: string): Promise<Lease | null> {
    const leases = this.leases();
    const held = await this.run(() => leases.findOne({ _id: name }));
    return held === null ? null : { name, holder: held.holder, acquiredAt: held.acquiredAt, expiresAt: held.expiresAt };
  }

  /** One transaction: look, then write; a concurrent writer makes the server retry it, and it then sees the document. */
  async insertIfAbsent(view: string, id: string, doc: unknown): Promise<boolean> {
    const collection = this.viewCollection(view);
    const body = encodeBody(doc);
    let inserted = false;
    await this.transaction(async (session) => {
      inserted = false;
      if ((await collection.findOne({ _id: id }, { session })) !== null) return;
      if (body !== null) await collection.replaceOne({ _id: id }, body, { session, upsert: true });
      inserted = body !== null;
    });
    return inserted;
  }

  async put(view: string, id: string, doc: unknown): Promise<void> {
    const collection = this.viewCollection(view);
    const body = encodeBody(doc);
    await this.transaction(async (session) => {
      if (body === null) await collection.deleteOne({ _id: id }, { session });
      else await collection.replaceOne({ _id: id }, body, { session, upsert: true });
    });
  }

  async getCheckpoint(name: string): Promise<GlobalPosition | null> {
    const checkpoints = this.checkpoints();
    const stored = await this.run(() => checkpoints.findOne({ _id: name }));
    return positionOf(stored, name);
  }

  /**
   * One transaction: `deleteMany({})` on each view's collection and the
   * checkpoint's removal. Collections are emptied rather than dropped: `drop`
   * is not allowed inside a transaction, and a drop outside one would not be
   * atomic with the checkpoint. (A view too large to delete within
   * `transactionLifetimeLimitSeconds`, 60 s by default, fails the reset with
   * an error; nothing is deleted then.)
   */
  async reset(name: string, views: readonly string[]): Promise<void> {
    const collections = [...new Set(views)].map((view) => this.viewCollection(view));
    const checkpoints = this.checkpoints();
    await this.transaction(async (session) => {
      for (const collection of collections) await collection.deleteMany({}, { session });
      await checkpoints.deleteOne({ _id: name }, { session });
    });
  }

  async ping(): Promise<void> {
    await this.run(() => this.db.command({ ping: 1 }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsClient) await this.client.close();
  }

  private viewCollection(view: string): Collection<ViewDocument> {
    assertViewName(view);
    return this.db.collection<ViewDocument>(collectionNameForView(view));
  }

  private checkpoints(): Collection<CheckpointDocument> {
    return this.db.collection<CheckpointDocument>(CHECKPOINTS_COLLECTION);
  }

  private leases(): Collection<LeaseDocument> {
    return this.db.collection<LeaseDocument>(LEASES_COLLECTION);
  }

  private async transaction(work: (session: ClientSession) => Promise<void>): Promise<void> {
    await this.run(async () => {
      const session = this.client.startSession({ causalConsistency: false });
      try {
        await session.withTransaction(work, TRANSACTION_OPTIONS);
      } finally {
        await session.endSession().catch(() => undefined);
      }
    });
  }

  private async run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.closed) throw new ReadStoreUnavailableError('The read store is closed');
    try {
      return await operation();
    } catch (error) {
      throw mapMongoError(error, 'The read store failed');
    }
  }
}
