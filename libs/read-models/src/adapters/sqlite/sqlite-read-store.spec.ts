import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStoreContract } from '../../testing/read-store.contract';
import { SqliteReadStore } from './sqlite-read-store';

const dirs = new Map<unknown, string>();

readStoreContract('sqlite', {
  open: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rs-sqlite-'));
    const store = new SqliteReadStore({ filename: join(dir, 'views.db') });
    dirs.set(store, dir);
    return store;
  },
  release: async (store) => {
    await store.close();
    rmSync(dirs.get(store)!, { recursive: true, force: true });
  },
});

// The same contract with every document kept in memory: a store that caches answers as one that does not.
readStoreContract('sqlite, documents cached', {
  open: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rs-sqlite-'));
    const store = new SqliteReadStore({ filename: join(dir, 'views.db'), cachedViews: () => true, cachedPerView: 3 });
    dirs.set(store, dir);
    return store;
  },
  release: async (store) => {
    await store.close();
    rmSync(dirs.get(store)!, { recursive: true, force: true });
  },
});

describe('SqliteReadStore documents kept in memory', () => {
  let dir: string;
  let sut: SqliteReadStore;
  const checkpoint = (position: bigint, expected: bigint | null) => ({ name: 'main', position, expected });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rs-sqlite-'));
    sut = new SqliteReadStore({ filename: join(dir, 'views.db'), cachedViews: ['sessions'] });
  });
  afterEach(async () => {
    await sut.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a cached view with frozen documents, which no reader can change for the next', async () => {
    await sut.put('sessions', 's1', { userId: 'u1', ended: false, scopes: ['a'] });
    const doc = await sut.get<{ ended: boolean; scopes: string[] }>('sessions', 's1');
    expect(doc).toEqual({ userId: 'u1', ended: false, scopes: ['a'] });
    expect(() => {
      doc!.ended = true;
    }).toThrow(TypeError);
    expect(() => doc!.scopes.push('b')).toThrow(TypeError);
    expect(await sut.get('sessions', 's1')).toEqual({ userId: 'u1', ended: false, scopes: ['a'] });
    // A view not cached is parsed afresh for each reader, as before.
    await sut.put('board', 'p1', { n: 1 });
    const board = await sut.get<{ n: number }>('board', 'p1');
    board!.n = 2;
    expect(await sut.get('board', 'p1')).toEqual({ n: 1 });
  });

  it('sees its own writes at once: a commit, a put, an insert, a reset, a document absent before', async () => {
    expect(await sut.get('sessions', 's1')).toBeNull();
    await sut.commit({ changes: [{ view: 'sessions', id: 's1', doc: { ended: false } }], checkpoint: checkpoint(1n, null) });
    expect(await sut.get('sessions', 's1')).toEqual({ ended: false });
    await sut.commit({ changes: [{ view: 'sessions', id: 's1', doc: { ended: true } }], checkpoint: checkpoint(2n, 1n) });
    expect(await sut.get('sessions', 's1')).toEqual({ ended: true });
    expect((await sut.getMany('sessions', ['s1', 's2'])).get('s1')).toEqual({ ended: true });
    await sut.put('sessions', 's1', null);
    expect(await sut.get('sessions', 's1')).toBeNull();
    expect(await sut.getMany('sessions', ['s2'])).toEqual(new Map());
    expect(await sut.insertIfAbsent('sessions', 's2', { ended: false })).toBe(true);
    expect(await sut.getMany('sessions', ['s1', 's2'])).toEqual(new Map([['s2', { ended: false }]]));
    await sut.reset('main', ['sessions']);
    expect(await sut.get('sessions', 's2')).toBeNull();
  });

  it('sees what another process wrote to the same file from the next turn of the event loop (the next request) on', async () => {
    const other = new SqliteReadStore({ filename: join(dir, 'views.db'), cachedViews: ['sessions'] });
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    try {
      await sut.put('sessions', 's1', { ended: false });
      expect(await other.get('sessions', 's1')).toEqual({ ended: false });
      expect(await sut.get('sessions', 's1')).toEqual({ ended: false });
      await other.put('sessions', 's1', { ended: true });
      await other.put('sessions', 's2', { ended: false });
      await nextTurn();
      expect(await sut.get('sessions', 's1')).toEqual({ ended: true });
      expect([...(await sut.getMany('sessions', ['s1', 's2'])).keys()]).toEqual(['s1', 's2']);
      await other.commit({ changes: [{ view: 'sessions', id: 's1', doc: null }], checkpoint: checkpoint(1n, null) });
      await nextTurn();
      expect(await sut.get('sessions', 's1')).toBeNull();
    } finally {
      await other.close();
    }
  });
});

describe('SqliteReadStore documents kept in memory, with another connection writing', () => {
  let dir: string;
  let sut: SqliteReadStore;
  let other: SqliteReadStore;
  /** A third connection that changes a row behind every store's back (no count of changes): what a store then answers shows whether it read the row again. */
  let behind: Database.Database;
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rs-sqlite-'));
    sut = new SqliteReadStore({ filename: join(dir, 'views.db'), cachedViews: ['sessions', 'memberships'] });
    other = new SqliteReadStore({ filename: join(dir, 'views.db') });
    behind = new Database(join(dir, 'views.db'));
  });
  afterEach(async () => {
    behind.close();
    await other.close();
    await sut.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the documents of views the other connection did not write, and drops those of the views it wrote', async () => {
    await other.commit({
      changes: [
        { view: 'sessions', id: 's1', doc: { ended: false } },
        { view: 'memberships', id: 'u1', doc: { projects: { p1: 'manager' } } },
      ],
      checkpoint: { name: 'main', position: 1n, expected: null },
    });
    await nextTurn();
    expect(await sut.get('sessions', 's1')).toEqual({ ended: false });
    expect(await sut.get('memberships', 'u1')).toEqual({ projects: { p1: 'manager' } });
    behind.prepare("UPDATE documents SET body = '{\"ended\":\"behind\"}' WHERE view = 'sessions'").run();
    behind.prepare("UPDATE documents SET body = '{\"projects\":\"behind\"}' WHERE view = 'memberships'").run();

    // The projector commits a board: the sessions and memberships kept in memory stay.
    await other.commit({ changes: [{ view: 'board', id: 'p1', doc: { tasks: 1 } }], checkpoint: { name: 'main', position: 2n, expected: 1n } });
    await nextTurn();
    expect(await sut.get('sessions', 's1')).toEqual({ ended: false });
    expect(await sut.get('memberships', 'u1')).toEqual({ projects: { p1: 'manager' } });

    // It commits a membership: that view is read again, the sessions stay.
    await other.commit({ changes: [{ view: 'memberships', id: 'u1', doc: { projects: {} } }], checkpoint: { name: 'main', position: 3n, expected: 2n } });
    await nextTurn();
    expect(await sut.get('memberships', 'u1')).toEqual({ projects: {} });
    expect(await sut.get('sessions', 's1')).toEqual({ ended: false });

    // A put, an insert and a reset by the other connection count as changes of their views too.
    await other.put('sessions', 's1', { ended: true });
    await nextTurn();
    expect(await sut.get('sessions', 's1')).toEqual({ ended: true });
    expect(await other.insertIfAbsent('sessions', 's2', { ended: false })).toBe(true);
    await nextTurn();
    expect((await sut.getMany('sessions', ['s1', 's2'])).get('s2')).toEqual({ ended: false });
    await other.reset('main', ['sessions']);
    await nextTurn();
    expect(await sut.get('sessions', 's1')).toBeNull();
    expect(await sut.get('memberships', 'u1')).toEqual({ projects: {} });
  });
});

describe('SqliteReadStore after close', () => {
  it('refuses every call with an unavailable error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rs-sqlite-'));
    const sut = new SqliteReadStore({ filename: join(dir, 'views.db') });
    await sut.close();
    await expect(sut.get('v', 'a')).rejects.toMatchObject({ name: 'ReadStoreUnavailableError' });
    await expect(sut.ping()).rejects.toMatchObject({ name: 'ReadStoreUnavailableError' });
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('SqliteReadStore file schema', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'rs-sqlite-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('moves the documents and checkpoints of a schema 1 file over when it opens it', async () => {
    const filename = join(dir, 'views.db');
    const old = new Database(filename);
    old.exec(`
      CREATE TABLE documents (view TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (view, id)) WITHOUT ROWID;
      CREATE TABLE checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO documents VALUES ('users', 'u1', '{"name":"Ada"}'), ('project_board', 'p1', '{"revision":7}');
      INSERT INTO checkpoints VALUES ('main', '42');
      PRAGMA user_version = 1;
    `);
    old.close();

    const sut = new SqliteReadStore({ filename });
    expect(await sut.get('users', 'u1')).toEqual({ name: 'Ada' });
    expect(await sut.get('project_board', 'p1')).toEqual({ revision: 7 });
    expect(await sut.getCheckpoint('main')).toBe(42n);
    await sut.commit({ changes: [{ view: 'users', id: 'u1', doc: { name: 'Ada L.' } }], checkpoint: { name: 'main', position: 43n, expected: 42n } });
    expect(await sut.get('users', 'u1')).toEqual({ name: 'Ada L.' });
    await sut.close();

    const reopened = new Database(filename, { readonly: true });
    expect(reopened.pragma('user_version', { simple: true })).toBe(4);
    expect(reopened.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(2);
    reopened.close();
  });

  it('adds leases and the checkpoint writer to a schema 2 file, keeping what it holds', async () => {
    const filename = join(dir, 'views.db');
    const old = new Database(filename);
    old.exec(`
      CREATE TABLE documents (view TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, UNIQUE (view, id));
      CREATE TABLE checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO documents VALUES ('users', 'u1', '{"name":"Ada"}');
      INSERT INTO checkpoints VALUES ('main', '42');
      PRAGMA user_version = 2;
    `);
    old.close();

    const sut = new SqliteReadStore({ filename });
    expect(await sut.get('users', 'u1')).toEqual({ name: 'Ada' });
    expect(await sut.acquireLease({ name: 'main', holder: 'p1', ttlMs: 5000 })).toBe(true);
    await sut.commit({ changes: [], checkpoint: { name: 'main', position: 43n, expected: 42n, lease: { name: 'main', holder: 'p1' } } });
    await sut.close();

    const reopened = new Database(filename, { readonly: true });
    expect(reopened.pragma('user_version', { simple: true })).toBe(4);
    expect(reopened.prepare('SELECT position, writer FROM checkpoints').get()).toEqual({ position: '43', writer: 'p1' });
    reopened.close();
  });

  it('adds the views\' counts of changes to a schema 3 file, keeping what it holds', async () => {
    const filename = join(dir, 'views.db');
    const old = new Database(filename);
    old.exec(`
      CREATE TABLE documents (view TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, UNIQUE (view, id));
      CREATE TABLE checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL, writer TEXT) WITHOUT ROWID;
      CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, acquired_at INTEGER NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO documents VALUES ('sessions', 's1', '{"ended":false}');
      INSERT INTO checkpoints VALUES ('main', '42', 'p1');
      PRAGMA user_version = 3;
    `);
    old.close();

    const sut = new SqliteReadStore({ filename, cachedViews: ['sessions'] });
    expect(await sut.get('sessions', 's1')).toEqual({ ended: false });
    expect(await sut.getCheckpoint('main')).toBe(42n);
    await sut.commit({ changes: [{ view: 'sessions', id: 's1', doc: { ended: true } }], checkpoint: { name: 'main', position: 43n, expected: 42n } });
    await sut.close();

    const reopened = new Database(filename, { readonly: true });
    expect(reopened.pragma('user_version', { simple: true })).toBe(4);
    expect(reopened.prepare('SELECT view, version FROM view_versions').all()).toEqual([{ view: 'sessions', version: 1 }]);
    expect(reopened.prepare('SELECT body FROM documents').pluck().get()).toBe('{"ended":true}');
    reopened.close();
  });

  it('refuses a file written by a newer version, naming both schemas', () => {
    const filename = join(dir, 'views.db');
    const newer = new Database(filename);
    newer.pragma('user_version = 9');
    newer.close();
    expect(() => new SqliteReadStore({ filename })).toThrow('The read store file has schema 9; this version reads up to 4');
  });
});
