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
    expect(reopened.pragma('user_version', { simple: true })).toBe(2);
    expect(reopened.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(2);
    reopened.close();
  });

  it('refuses a file written by a newer version, naming both schemas', () => {
    const filename = join(dir, 'views.db');
    const newer = new Database(filename);
    newer.pragma('user_version = 9');
    newer.close();
    expect(() => new SqliteReadStore({ filename })).toThrow('The read store file has schema 9; this version reads up to 2');
  });
});
