import {
  BSON,
  MongoClientClosedError,
  MongoErrorLabel,
  MongoNetworkError,
  MongoNetworkTimeoutError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  MongoWriteConcernError,
} from 'mongodb';
import { CheckpointConflictError, ReadStoreUnavailableError } from '../../read-store.port';
import {
  DEFAULT_LIST_LIMIT,
  MAX_NATIVE_DEPTH,
  assertExpectedCheckpoint,
  chunkIds,
  collectionNameForView,
  databaseNameFromUrl,
  decodeBody,
  decodePosition,
  encodeBody,
  encodePosition,
  groupChangesByView,
  isNativeSafe,
  isSafeFieldName,
  isUnavailableError,
  listFilter,
  mapMongoError,
  normalizeLimit,
  positionOf,
  toBulkOperations,
} from './mongodb-mapping';

/** What a document goes through on its way to the server and back, client side. */
function throughBson(stored: object): Record<string, unknown> {
  return BSON.deserialize(BSON.serialize({ _id: 'id', ...stored }));
}

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { next: value };
  return value;
}

describe('collectionNameForView', () => {
  it('prefixes the view name', () => {
    expect(collectionNameForView('projects')).toBe('view_projects');
    expect(collectionNameForView('task-board_2')).toBe('view_task-board_2');
  });

  it('refuses names outside the safe alphabet', () => {
    for (const bad of ['', '$bad', 'Upper', 'a.b', 'a b', 'x'.repeat(65), 'system.views']) {
      expect(() => collectionNameForView(bad)).toThrow(RangeError);
    }
  });
});

describe('databaseNameFromUrl', () => {
  it.each([
    ['mongodb://mongo:27017/client_projects?replicaSet=rs0', 'client_projects'],
    ['mongodb://localhost:27017/views', 'views'],
    ['mongodb://h1:27017,h2:27017,h3:27017/multi?replicaSet=rs0', 'multi'],
    ['mongodb+srv://user:p%40ss@cluster.example.net/srvdb?retryWrites=true', 'srvdb'],
    ['mongodb://u:p@localhost/with%20space', 'with space'],
  ])('reads the path of %s', (url, name) => {
    expect(databaseNameFromUrl(url)).toBe(name);
  });

  it.each([
    'mongodb://localhost:27017',
    'mongodb://localhost:27017/',
    'mongodb://localhost:27017/?directConnection=true',
    'mongodb://localhost:27017?directConnection=true',
    'postgres://localhost/db',
  ])('finds no database in %s', (url) => {
    expect(databaseNameFromUrl(url)).toBeUndefined();
  });
});

describe('positions', () => {
  it('round-trips positions beyond 64 bits as decimal strings', () => {
    const position = (123_456_789n << 64n) | 987_654_321n;
    const stored = encodePosition(position);
    expect(stored).toBe(position.toString());
    expect(decodePosition(stored)).toBe(position);
    expect(encodePosition((1n << 64n) | 5n)).toBe('18446744073709551621');
    expect(decodePosition('18446744073709551621')).toBe((1n << 64n) | 5n);
    expect(encodePosition(0n)).toBe('0');
  });

  it('refuses negative or non-bigint positions', () => {
    expect(() => encodePosition(-1n)).toThrow(RangeError);
    expect(() => encodePosition(5 as unknown as bigint)).toThrow(RangeError);
  });

  it('refuses an unreadable stored position, naming the checkpoint', () => {
    for (const bad of [undefined, null, 12, '', '-1', '1e3', '0x10', ' 1']) {
      expect(() => decodePosition(bad, 'cp')).toThrow(/Checkpoint cp/);
    }
  });

  it('reads a missing checkpoint document as null', () => {
    expect(positionOf(null)).toBeNull();
    expect(positionOf(undefined)).toBeNull();
    expect(positionOf({ position: '7' })).toBe(7n);
  });
});

describe('assertExpectedCheckpoint', () => {
  it('passes when the stored checkpoint is the expected one', () => {
    expect(() => assertExpectedCheckpoint('cp', null, null)).not.toThrow();
    expect(() => assertExpectedCheckpoint('cp', 1n << 70n, 1n << 70n)).not.toThrow();
  });

  it('throws CheckpointConflictError with both positions otherwise', () => {
    expect(() => assertExpectedCheckpoint('cp', null, 5n)).toThrow(CheckpointConflictError);
    expect(() => assertExpectedCheckpoint('cp', 4n, null)).toThrow(CheckpointConflictError);
    try {
      assertExpectedCheckpoint('cp', 4n, 5n);
    } catch (error) {
      expect(error).toMatchObject({ checkpoint: 'cp', expected: 4n, actual: 5n });
    }
  });
});

describe('document bodies', () => {
  it('stores plain JSON values natively under `doc`', () => {
    expect(encodeBody({ n: 1, nested: { list: [1, 'two', null], flag: true } })).toEqual({
      doc: { n: 1, nested: { list: [1, 'two', null], flag: true } },
    });
    expect(encodeBody('a string')).toEqual({ doc: 'a string' });
    expect(encodeBody(0)).toEqual({ doc: 0 });
    expect(encodeBody(false)).toEqual({ doc: false });
    expect(encodeBody([1, [2, [3]]])).toEqual({ doc: [1, [2, [3]]] });
    expect(encodeBody({})).toEqual({ doc: {} });
  });

  it('deletes for null and for values JSON cannot represent, like the SQLite adapter', () => {
    expect(encodeBody(null)).toBeNull();
    expect(encodeBody(undefined)).toBeNull();
    expect(encodeBody(() => 1)).toBeNull();
  });

  it('normalises through JSON first', () => {
    expect(encodeBody({ a: undefined, b: 1 })).toEqual({ doc: { b: 1 } });
    expect(encodeBody({ at: new Date('2024-01-02T03:04:05.000Z') })).toEqual({ doc: { at: '2024-01-02T03:04:05.000Z' } });
    expect(encodeBody({ z: -0 })).toEqual({ doc: { z: 0 } });
    expect(encodeBody({ toJSON: () => ({ via: 'toJSON' }) })).toEqual({ doc: { via: 'toJSON' } });
  });

  it.each([
    ['a $-prefixed key', { $set: { a: 1 } }],
    ['a dotted key', { 'a.b': 1 }],
    ['a DBRef-like sub-document', { link: { $ref: 'c', $id: 'x' } }],
    ['a NUL in a key', { 'a\u0000b': 1 }],
    ['a _bsontype key', { value: { _bsontype: 'ObjectId', id: 'x' } }],
    ['a __proto__ key', JSON.parse('{"__proto__": {"polluted": true}}') as unknown],
    ['an empty key', { '': 1 }],
    ['an odd key inside an array', [{ ok: 1 }, { 'x.y': 2 }]],
  ])('falls back to JSON text in `body` for %s', (_label, value) => {
    const stored = encodeBody(value);
    expect(stored).toEqual({ body: JSON.stringify(value) });
    expect(decodeBody(stored!)).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it('falls back to JSON text for documents nested deeper than the server allows', () => {
    expect(encodeBody(nested(MAX_NATIVE_DEPTH))).toHaveProperty('doc');
    expect(encodeBody(nested(MAX_NATIVE_DEPTH + 1))).toHaveProperty('body');
    const deep = nested(500);
    expect(decodeBody(encodeBody(deep)!)).toEqual(deep);
  });

  it('round-trips every value through BSON serialization exactly', () => {
    const values: unknown[] = [
      { n: 1, big: 2 ** 40, frac: 0.5, neg: -3, text: 'é∑😀', empty: [], obj: {} },
      'a string document',
      12.25,
      true,
      [1, 'two', null, { three: [3] }],
      { $set: 1, 'a.b': { $ref: 'x', $id: 'y' }, _bsontype: 'ObjectId', '': 'empty', 'n\u0000ul': 1 },
      JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
      { '10': 'numeric key', '2': 'order', b: 1, a: 2 },
      nested(200),
    ];
    for (const value of values) {
      const stored = encodeBody(value)!;
      expect(decodeBody(throughBson(stored))).toEqual(JSON.parse(JSON.stringify(value)));
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('needs the fallback: natively stored, such keys would not come back unchanged', () => {
    expect(() => BSON.serialize({ doc: { _bsontype: 'ObjectId', id: 'x' } })).toThrow();
    expect(() => BSON.serialize({ doc: { 'a\u0000b': 1 } })).toThrow();
    const dbRef = BSON.deserialize(BSON.serialize({ doc: { $ref: 'c', $id: 'x' } }))['doc'];
    expect(dbRef).not.toEqual({ $ref: 'c', $id: 'x' });
  });

  it('decodes either encoding, and refuses a document with neither', () => {
    expect(decodeBody({ doc: { a: 1 } })).toEqual({ a: 1 });
    expect(decodeBody({ doc: 'text' })).toBe('text');
    expect(decodeBody({ body: '{"$a":1}' })).toEqual({ $a: 1 });
    expect(decodeBody({ body: '"text"', doc: 'ignored' })).toBe('text');
    expect(() => decodeBody({})).toThrow(/neither/);
  });

  it('checks field names and depth', () => {
    expect(isSafeFieldName('plain_name-1')).toBe(true);
    expect(isSafeFieldName('a$')).toBe(true);
    for (const bad of ['', '$x', 'a.b', '.', 'a\u0000', '_bsontype', '__proto__']) expect(isSafeFieldName(bad)).toBe(false);
    expect(isNativeSafe('x')).toBe(true);
    expect(isNativeSafe([[[['x']]]], 4)).toBe(true);
    expect(isNativeSafe([[[[['x']]]]], 4)).toBe(false);
  });
});

describe('groupChangesByView', () => {
  it('groups per view, keeping the order of the changes inside a view', () => {
    const groups = groupChangesByView([
      { view: 'a', id: '1', doc: { v: 1 } },
      { view: 'b', id: '1', doc: 'x' },
      { view: 'a', id: '1', doc: null },
      { view: 'a', id: '2', doc: { $odd: true } },
    ]);
    expect(groups).toEqual([
      {
        view: 'a',
        collection: 'view_a',
        writes: [
          { id: '1', body: { doc: { v: 1 } } },
          { id: '1', body: null },
          { id: '2', body: { body: '{"$odd":true}' } },
        ],
      },
      { view: 'b', collection: 'view_b', writes: [{ id: '1', body: { doc: 'x' } }] },
    ]);
  });

  it('refuses a bad view name anywhere in the batch', () => {
    expect(() =>
      groupChangesByView([
        { view: 'ok', id: '1', doc: 1 },
        { view: '$bad', id: '1', doc: 1 },
      ]),
    ).toThrow(RangeError);
  });

  it('refuses a non-string id', () => {
    expect(() => groupChangesByView([{ view: 'ok', id: 1 as unknown as string, doc: 1 }])).toThrow(TypeError);
  });

  it('returns nothing for an empty batch', () => {
    expect(groupChangesByView([])).toEqual([]);
  });
});

describe('toBulkOperations', () => {
  it('upserts a replacement for a body and deletes for null', () => {
    expect(
      toBulkOperations([
        { id: 'a', body: { doc: { n: 1 } } },
        { id: 'b', body: null },
        { id: 'c', body: { body: '{"$x":1}' } },
      ]),
    ).toEqual([
      { replaceOne: { filter: { _id: 'a' }, replacement: { doc: { n: 1 } }, upsert: true } },
      { deleteOne: { filter: { _id: 'b' } } },
      { replaceOne: { filter: { _id: 'c' }, replacement: { body: '{"$x":1}' }, upsert: true } },
    ]);
  });
});

describe('paging helpers', () => {
  it('chunks distinct ids by 1000', () => {
    const ids = Array.from({ length: 2500 }, (_, i) => `id-${i}`);
    const chunks = chunkIds([...ids, 'id-0', 'id-1']);
    expect(chunks.map((c) => c.length)).toEqual([1000, 1000, 500]);
    expect(chunks.flat()).toEqual(ids);
    expect(chunkIds([])).toEqual([]);
    expect(chunkIds(['a', 'b', 'c'], 2)).toEqual([['a', 'b'], ['c']]);
  });

  it('defaults the list limit to 1000 and refuses invalid limits', () => {
    expect(normalizeLimit(undefined)).toBe(DEFAULT_LIST_LIMIT);
    expect(DEFAULT_LIST_LIMIT).toBe(1000);
    expect(normalizeLimit(0)).toBe(0);
    expect(normalizeLimit(25)).toBe(25);
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => normalizeLimit(bad)).toThrow(RangeError);
  });

  it('filters ids after the paging cursor', () => {
    expect(listFilter(undefined)).toEqual({});
    expect(listFilter('b')).toEqual({ _id: { $gt: 'b' } });
    expect(listFilter('')).toEqual({ _id: { $gt: '' } });
  });
});

describe('error mapping', () => {
  // The driver needs a topology description for a selection error; its `error` is all it reads.
  const selectionError = () => new MongoServerSelectionError('Server selection timed out after 30000 ms', {} as never);
  const serverError = (code: number, codeName: string, errorLabels?: string[]) =>
    new MongoServerError({ message: codeName, code, codeName, ...(errorLabels ? { errorLabels } : {}) });

  it.each([
    ['MongoNetworkError', () => new MongoNetworkError('connection 1 to 127.0.0.1:27017 closed')],
    ['MongoNetworkTimeoutError', () => new MongoNetworkTimeoutError('connection timed out')],
    ['MongoServerSelectionError', selectionError],
    ['MongoNotConnectedError', () => new MongoNotConnectedError('Client must be connected')],
    ['MongoTopologyClosedError', () => new MongoTopologyClosedError()],
    ['MongoClientClosedError', () => new MongoClientClosedError()],
    ['NotWritablePrimary', () => serverError(10107, 'NotWritablePrimary')],
    ['PrimarySteppedDown', () => serverError(189, 'PrimarySteppedDown')],
    ['ShutdownInProgress', () => serverError(91, 'ShutdownInProgress')],
    ['InterruptedDueToReplStateChange', () => serverError(11602, 'InterruptedDueToReplStateChange')],
    ['a WriteConflict still transient after the retries', () => serverError(112, 'WriteConflict', [MongoErrorLabel.TransientTransactionError])],
    [
      'an unknown commit result after the retries',
      () => serverError(64, 'WriteConcernFailed', [MongoErrorLabel.UnknownTransactionCommitResult]),
    ],
  ])('maps %s to ReadStoreUnavailableError, keeping the cause', (_label, make) => {
    const error = make();
    expect(isUnavailableError(error)).toBe(true);
    const mapped = mapMongoError(error, 'The read store failed');
    expect(mapped).toBeInstanceOf(ReadStoreUnavailableError);
    expect((mapped as Error).message).toMatch(/^The read store failed: /);
    expect((mapped as Error).cause).toBe(error);
  });

  it('labels added by the driver after construction count too', () => {
    const error = serverError(112, 'WriteConflict');
    expect(isUnavailableError(error)).toBe(false);
    error.addErrorLabel(MongoErrorLabel.TransientTransactionError);
    expect(isUnavailableError(error)).toBe(true);
  });

  it('maps a write concern error with an unavailable code', () => {
    const error = new MongoWriteConcernError({ writeConcernError: { code: 91, errmsg: 'shutting down' } } as never);
    expect(mapMongoError(error, 'x')).toBeInstanceOf(ReadStoreUnavailableError);
  });

  it.each([
    ['a duplicate key', () => serverError(11000, 'DuplicateKey')],
    ['a document too large', () => serverError(10334, 'BSONObjectTooLarge')],
    ['an unauthorized call', () => serverError(13, 'Unauthorized')],
    ['a plain Error', () => new Error('boom')],
    ['a RangeError', () => new RangeError('Invalid view name')],
    ['a non-error', () => 'a string'],
  ])('passes %s through unchanged', (_label, make) => {
    const error = make();
    expect(isUnavailableError(error)).toBe(false);
    expect(mapMongoError(error, 'x')).toBe(error);
  });

  it('passes the port errors through unchanged', () => {
    const conflict = new CheckpointConflictError('cp', null, 5n);
    const unavailable = new ReadStoreUnavailableError('closed');
    expect(mapMongoError(conflict, 'x')).toBe(conflict);
    expect(mapMongoError(unavailable, 'x')).toBe(unavailable);
  });
});
