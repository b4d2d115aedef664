import { BSON, MongoClientClosedError, type MongoClient, type TransactionOptions } from 'mongodb';

/**
 * A stand-in for the few `MongoClient` calls `MongoReadStore` makes, for tests
 * on a machine without a MongoDB server. It is NOT MongoDB: it has no
 * concurrency, no server-side validation and only the filters the store uses.
 * What it does check:
 * - documents go through real BSON serialization (what the driver sends);
 * - every write carries a session that is inside `withTransaction`;
 * - a callback that throws rolls back everything it wrote;
 * - `_id` strings sort by their UTF-8 bytes, like the server's simple collation.
 * (Excluded from the build by the `**\/testing/**` pattern of tsconfig.build.json.)
 */

type Stored = Map<string, Uint8Array>;
type Filter = { _id?: string | { $in?: string[]; $gt?: string } };
interface SessionLike {
  inTransaction(): boolean;
}

export interface FakeMongoCalls {
  transactions: TransactionOptions[];
  /** `collection.method` for every call, in order. */
  operations: string[];
}

export class FakeMongoClient {
  readonly databases = new Map<string, Map<string, Stored>>();
  readonly calls: FakeMongoCalls = { transactions: [], operations: [] };
  closed = false;
  /** Thrown once by the next write `operation` (`collection.method`), to simulate a server failure. */
  private failure: { operation: string; error: Error } | null = null;

  /** Where the next transaction waits for the one before it. */
  transactionQueue: Promise<void> = Promise.resolve();

  failNext(operation: string, error: Error): void {
    this.failure = { operation, error };
  }

  takeFailure(operation: string): Error | null {
    if (this.failure?.operation !== operation) return null;
    const { error } = this.failure;
    this.failure = null;
    return error;
  }

  asClient(): MongoClient {
    return this as unknown as MongoClient;
  }

  db(name: string): FakeDb {
    let collections = this.databases.get(name);
    if (!collections) {
      collections = new Map();
      this.databases.set(name, collections);
    }
    return new FakeDb(this, name, collections);
  }

  startSession(): FakeSession {
    this.assertOpen();
    return new FakeSession(this);
  }

  async connect(): Promise<this> {
    this.assertOpen();
    return this;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  assertOpen(): void {
    if (this.closed) throw new MongoClientClosedError();
  }

  /** Every database, deep enough to roll back a transaction. */
  snapshot(): Map<string, Map<string, Stored>> {
    return new Map([...this.databases].map(([db, cols]) => [db, new Map([...cols].map(([c, docs]) => [c, new Map(docs)]))]));
  }

  restore(snapshot: Map<string, Map<string, Stored>>): void {
    this.databases.clear();
    for (const [name, cols] of snapshot) this.databases.set(name, cols);
  }
}

export class FakeSession {
  private active = false;

  constructor(private readonly client: FakeMongoClient) {}

  inTransaction(): boolean {
    return this.active;
  }

  /**
   * Transactions run one after another: the outcome a real server guarantees
   * for conflicting transactions (one commits, the other gets a write conflict
   * and the driver reruns it on the committed state).
   */
  async withTransaction<T>(fn: (session: FakeSession) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const previous = this.client.transactionQueue;
    let release!: () => void;
    this.client.transactionQueue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.client.calls.transactions.push(options);
    const before = this.client.snapshot();
    this.active = true;
    try {
      return await fn(this);
    } catch (error) {
      this.client.restore(before);
      throw error;
    } finally {
      this.active = false;
      release();
    }
  }

  async endSession(): Promise<void> {}
}

class FakeDb {
  constructor(
    private readonly client: FakeMongoClient,
    readonly databaseName: string,
    private readonly collections: Map<string, Stored>,
  ) {}

  collection(name: string): FakeCollection {
    return new FakeCollection(this.client, this.databaseName, name);
  }

  async command(command: Record<string, unknown>): Promise<{ ok: 1 }> {
    this.client.assertOpen();
    if (command['ping'] !== 1) throw new Error(`Unsupported command ${JSON.stringify(command)}`);
    return { ok: 1 };
  }

  async dropDatabase(): Promise<boolean> {
    this.collections.clear();
    return true;
  }
}

class FakeCollection {
  constructor(
    private readonly client: FakeMongoClient,
    private readonly dbName: string,
    private readonly name: string,
  ) {}

  /** Looked up on every call: a rollback replaces the maps. */
  private docs(create = false): Stored {
    const collections = this.client.databases.get(this.dbName) ?? new Map<string, Stored>();
    this.client.databases.set(this.dbName, collections);
    let docs = collections.get(this.name);
    if (!docs) {
      docs = new Map();
      if (create) collections.set(this.name, docs);
    }
    return docs;
  }

  private record(method: string, options?: { session?: SessionLike }, write = false): void {
    this.client.assertOpen();
    this.client.calls.operations.push(`${this.name}.${method}`);
    if (write) {
      if (!options?.session?.inTransaction()) throw new Error(`${this.name}.${method} ran outside the transaction`);
      const failure = this.client.takeFailure(`${this.name}.${method}`);
      if (failure) throw failure;
    }
  }

  private matching(filter: Filter): Array<Record<string, unknown>> {
    const all = [...this.docs()].map(([, bytes]) => BSON.deserialize(bytes));
    const id = filter._id;
    if (id === undefined) return all;
    if (typeof id === 'string') return all.filter((doc) => doc['_id'] === id);
    const keys = Object.keys(id);
    if (keys.length !== 1 || (id.$in === undefined && id.$gt === undefined)) {
      throw new Error(`Unsupported filter ${JSON.stringify(filter)}`);
    }
    if (id.$in) return all.filter((doc) => id.$in!.includes(doc['_id'] as string));
    return all.filter((doc) => compareIds(doc['_id'] as string, id.$gt!) > 0);
  }

  private put(id: string, replacement: Record<string, unknown>): void {
    if ('_id' in replacement && replacement['_id'] !== id) throw new Error('The replacement changes _id');
    this.docs(true).set(id, BSON.serialize({ _id: id, ...replacement }));
  }

  async findOne(filter: Filter, options?: { session?: SessionLike }): Promise<Record<string, unknown> | null> {
    this.record('findOne', options);
    return this.matching(filter)[0] ?? null;
  }

  find(filter: Filter, options?: { session?: SessionLike }): FakeCursor {
    this.record('find', options);
    return new FakeCursor(() => this.matching(filter));
  }

  async countDocuments(filter: Filter = {}): Promise<number> {
    this.record('countDocuments');
    return this.matching(filter).length;
  }

  async bulkWrite(
    operations: Array<Record<string, { filter: { _id: string }; replacement?: Record<string, unknown>; upsert?: boolean }>>,
    options?: { session?: SessionLike; ordered?: boolean },
  ): Promise<void> {
    this.record('bulkWrite', options, true);
    if (options?.ordered === false) throw new Error('The store relies on ordered bulk writes');
    for (const operation of operations) {
      const [kind, model] = Object.entries(operation)[0]!;
      if (kind === 'replaceOne' && model.upsert === true && model.replacement) this.put(model.filter._id, model.replacement);
      else if (kind === 'deleteOne') this.docs().delete(model.filter._id);
      else throw new Error(`Unsupported bulk operation ${kind}`);
    }
  }

  async replaceOne(
    filter: { _id: string },
    replacement: Record<string, unknown>,
    options?: { session?: SessionLike; upsert?: boolean },
  ): Promise<void> {
    this.record('replaceOne', options, true);
    if (options?.upsert !== true) throw new Error('Expected an upsert');
    this.put(filter._id, replacement);
  }

  async deleteOne(filter: { _id: string }, options?: { session?: SessionLike }): Promise<void> {
    this.record('deleteOne', options, true);
    this.docs().delete(filter._id);
  }

  async deleteMany(filter: Filter, options?: { session?: SessionLike }): Promise<void> {
    this.record('deleteMany', options, true);
    for (const doc of this.matching(filter)) this.docs().delete(doc['_id'] as string);
  }
}

class FakeCursor {
  private order = 0;
  private max = 0;

  constructor(private readonly source: () => Array<Record<string, unknown>>) {}

  sort(sort: Record<string, 1 | -1>): this {
    if (Object.keys(sort).join() !== '_id') throw new Error(`Unsupported sort ${JSON.stringify(sort)}`);
    this.order = sort['_id']!;
    return this;
  }

  limit(limit: number): this {
    this.max = limit;
    return this;
  }

  async toArray(): Promise<Array<Record<string, unknown>>> {
    let docs = this.source();
    if (this.order !== 0) docs = docs.sort((a, b) => this.order * compareIds(a['_id'] as string, b['_id'] as string));
    // As on the server, limit(0) means no limit.
    return this.max > 0 ? docs.slice(0, this.max) : docs;
  }
}

/** The server's simple collation: strings compare by their UTF-8 bytes. */
function compareIds(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
