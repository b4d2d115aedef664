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
