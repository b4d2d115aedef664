import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { canonicalize } from 'json-canonicalize';
import { canonicalContent, chainAppend, chainHead, checkLink, eventHash, GENESIS_HASH, hashedContent, inCanonicalOrder, storedHash, type ChainedEvent } from './hash-chain';

const PROJECT = '7d2f7b8e-2c4a-4f51-9c1e-5b0a3d9e6f10';

/** The first event of the worked example in docs/audit.md, with any part changed. */
const event = (overrides: Partial<ChainedEvent> = {}): ChainedEvent => ({
  streamId: `project-${PROJECT}`,
  revision: 0,
  id: '0b9e4c8a-61f2-4d3b-8a57-1c2d3e4f5a60',
  type: 'ProjectCreated',
  data: { projectId: PROJECT, name: 'Café website', currency: 'EUR', createdBy: 'u-1' },
  metadata: { actor: { id: 'u-1', role: 'manager' }, commandId: 'c-1', correlationId: 'c-1', occurredAt: '2027-01-04T09:00:00.000Z' },
  ...overrides,
});

describe('the hash chain', () => {
  it('canonicalizes with RFC 8785 (JCS): the example of its section 3.2.3', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    ) as unknown;
    expect(canonicalize(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('hashes the canonical JSON of previous hash, stream, revision, id, type, data and metadata without the hash', () => {
    const sut = event({ metadata: { ...event().metadata, hash: 'whatever is stored is not hashed' } });
    const text = canonicalContent(GENESIS_HASH, sut);
    expect(JSON.parse(text)).toEqual({
      previousHash: GENESIS_HASH,
      streamId: `project-${PROJECT}`,
      revision: 0,
      id: sut.id,
      type: 'ProjectCreated',
      data: sut.data,
      metadata: event().metadata,
    });
    expect(text.startsWith(`{"data":{"createdBy":"u-1","currency":"EUR","name":"Café website","projectId":"${PROJECT}"},"id":`)).toBe(true);
    expect(eventHash(GENESIS_HASH, sut)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('does not depend on the order of keys, and treats absent data as null', () => {
    const reordered = event({ data: { createdBy: 'u-1', currency: 'EUR', name: 'Café website', projectId: PROJECT } });
    expect(eventHash(GENESIS_HASH, reordered)).toBe(eventHash(GENESIS_HASH, event()));
    expect(eventHash(GENESIS_HASH, event({ data: undefined }))).toBe(eventHash(GENESIS_HASH, event({ data: null })));
  });

  it('changes with every part it covers', () => {
    const base = eventHash(GENESIS_HASH, event());
    const changed = [
      eventHash('1'.repeat(64), event()),
      eventHash(GENESIS_HASH, event({ streamId: 'project-other' })),
      eventHash(GENESIS_HASH, event({ revision: 1 })),
      eventHash(GENESIS_HASH, event({ id: '2f1c4b7e-8d1a-4c53-9a7e-0b6f3c2d1e01' })),
      eventHash(GENESIS_HASH, event({ type: 'ProjectClosed' })),
      eventHash(GENESIS_HASH, event({ data: { ...(event().data as object), name: 'Café websitf' } })),
      eventHash(GENESIS_HASH, event({ metadata: { ...event().metadata, actor: { id: 'u-1', role: 'member' } } })),
    ];
    expect(new Set([base, ...changed]).size).toBe(changed.length + 1);
  });

  it('chains a batch in order, each to the one before, replacing any stale hash', () => {
    const batch = [
      { id: 'e0', type: 'A', data: { n: 0 }, metadata: { actor: { id: 'u', role: 'manager' }, hash: 'stale' } },
      { id: 'e1', type: 'B', data: { n: 1 } },
    ];
    const { events, lastHash } = chainAppend('s', 4, 'f'.repeat(64), batch);
    const first = { streamId: 's', revision: 5, id: 'e0', type: 'A', data: { n: 0 }, metadata: events[0]!.metadata };
    const second = { streamId: 's', revision: 6, id: 'e1', type: 'B', data: { n: 1 }, metadata: events[1]!.metadata };
    expect(checkLink('f'.repeat(64), first)).toEqual({ ok: true, hash: storedHash(first) });
    expect(checkLink(storedHash(first)!, second)).toEqual({ ok: true, hash: lastHash });
    expect(events[0]!.metadata.actor).toEqual({ id: 'u', role: 'manager' });
    expect(batch[0]!.metadata!.hash).toBe('stale');
  });

  it('refuses an event without a hash, or with one that does not match', () => {
    expect(checkLink(GENESIS_HASH, event())).toMatchObject({ ok: false, code: 'unhashed' });
    const [stored] = chainAppend(event().streamId, -1, GENESIS_HASH, [event()]).events;
    const sut = { ...event(), metadata: stored!.metadata };
    expect(checkLink(GENESIS_HASH, sut).ok).toBe(true);
    expect(checkLink('0'.repeat(63) + '1', sut)).toMatchObject({ ok: false, code: 'mismatch' });
    expect(checkLink(GENESIS_HASH, { ...sut, data: { ...(sut.data as object), name: 'Café websitf' } })).toMatchObject({ ok: false, code: 'mismatch' });
  });

  it('writes exactly what RFC 8785 writes for any JSON, whatever the order, the keys, the numbers or the strings', () => {
    // Keys JavaScript puts first (integers), __proto__, unpaired surrogates, -0, huge and tiny numbers, undefined and Dates (left to the library).
    const awkward = fc.oneof(
      fc.constantFrom({ '10': 1, '9': 2, b: 3 }, { ['__proto__']: 1, a: 2 }, { s: '\ud800x', t: '\u2028' }, [-0, 1e21, 1e-7, 5e-324], { a: undefined, b: [1] }, { d: new Date(0) }),
      fc.jsonValue(),
    ).map((v) => structuredClone(v)); // the library takes a value met twice for a cycle
    const value = fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), awkward), fc.array(awkward));
    fc.assert(
      fc.property(value, fc.dictionary(fc.string(), fc.jsonValue()), (data, metadata) => {
        const sut = { ...event(), data, metadata };
        expect(canonicalContent(GENESIS_HASH, sut)).toBe(canonicalize(hashedContent(GENESIS_HASH, sut)));
      }),
      { numRuns: 500 },
    );
  });

  it('chains each event with the SHA-256 of exactly its RFC 8785 content, whatever its data, metadata, id, type or stream', () => {
    const awkward = fc.oneof(fc.constantFrom({ '10': 1, b: 2 }, { s: '\ud800x', t: '\u2028"\\' }, [-0, 1e21, 5e-324], { a: undefined }, { d: new Date(0) }), fc.jsonValue()).map((v) => structuredClone(v));
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), awkward)), fc.dictionary(fc.string(), awkward), fc.string(), fc.string(), fc.string(), fc.nat(1_000_000), (data, metadata, id, type, stream, revision) => {
        const previous = 'a'.repeat(64);
        const { events, lastHash } = chainAppend(stream, revision - 1, previous, [{ id, type, data, metadata }]);
        const { hash: _hash, ...rest } = events[0]!.metadata;
        const content = hashedContent(previous, { streamId: stream, revision, id, type, data, metadata: rest });
        expect(lastHash).toBe(createHash('sha256').update(canonicalize(content), 'utf8').digest('hex'));
        expect(events[0]!.metadata.hash).toBe(lastHash);
      }),
      { numRuns: 500 },
    );
  });

  it('stores data and metadata with their keys in canonical order, so that their JSON as stored is their canonical JSON', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue()), (data, metadata) => {
        const [stored] = chainAppend('s', -1, GENESIS_HASH, [{ id: 'e0', type: 'A', data, metadata }]).events;
        expect(stored!.data).toEqual(data);
        const { hash: _hash, ...rest } = stored!.metadata;
        // Integer keys are written first by JavaScript whatever the order, and __proto__ cannot be set by assignment: such a value is left as it was, and verified the long way.
        const leftAsItWas = (value: unknown): boolean => JSON.stringify(value).match(/"([0-9]+|__proto__)":/) !== null;
        if (!leftAsItWas(data)) expect(JSON.stringify(stored!.data)).toBe(canonicalize(data));
        if (!leftAsItWas(metadata)) expect(JSON.stringify(rest)).toBe(canonicalize(metadata));
        expect(JSON.stringify(inCanonicalOrder({ b: 1, a: { d: 1, c: [{ f: 1, e: 2 }] } }))).toBe('{"a":{"c":[{"e":2,"f":1}],"d":1},"b":1}');
      }),
      { numRuns: 300 },
    );
  });

  it('verifies an event whatever order its keys were stored in, and catches a change however it is stored', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.jsonValue(), { minKeys: 2 }), (data) => {
        const [stored] = chainAppend('s', -1, GENESIS_HASH, [{ id: 'e0', type: 'A', data, metadata: { actor: 'u' } }]).events;
        const base = { streamId: 's', revision: 0, id: 'e0', type: 'A', metadata: stored!.metadata };
        // Stored (and read back) with its keys reversed: no longer its canonical JSON, still the same event.
        const reversed = Object.fromEntries(Object.entries(stored!.data as object).reverse());
        expect(checkLink(GENESIS_HASH, { ...base, data: JSON.parse(JSON.stringify(reversed)) as unknown })).toEqual({ ok: true, hash: storedHash(stored!) });
        // One key's value changed, in either order.
        const [key] = Object.keys(data);
        const changed = { ...reversed, [key!]: ['changed', (data as Record<string, unknown>)[key!]] };
        expect(checkLink(GENESIS_HASH, { ...base, data: changed })).toMatchObject({ ok: false, code: 'mismatch' });
        expect(checkLink(GENESIS_HASH, { ...base, data: inCanonicalOrder(changed) })).toMatchObject({ ok: false, code: 'mismatch' });
      }),
      { numRuns: 200 },
    );
  });

  describe('given the JSON text the event was parsed from', () => {
    /** An event as a store that keeps text reads it: parsed from `data` and `metadata` text, with that text. */
    const read = (event: Omit<ChainedEvent, 'data' | 'metadata'>, data: string, metadata: string) => ({
      event: { ...event, data: JSON.parse(data) as unknown, metadata: JSON.parse(metadata) as Record<string, unknown> },
      json: { data, metadata },
    });
    const reversed = (value: unknown): unknown =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).reverse().map(([key, item]) => [key, reversed(item)]))
        : value;

    it('passes an intact event, as the api stores it, in any order its members were stored in, and with keys sorting after the hash', () => {
      fc.assert(
        fc.property(
          fc.dictionary(fc.string(), fc.jsonValue()),
          fc.dictionary(fc.string(), fc.jsonValue()),
          fc.string(),
          fc.boolean(),
          (data, metadata, id, outOfOrder) => {
            const [stored] = chainAppend('s"\\', 6, 'a'.repeat(64), [{ id, type: 'A', data, metadata }]).events;
            const place = { streamId: 's"\\', revision: 7, id, type: 'A' };
            const text = (value: unknown) => JSON.stringify(outOfOrder ? reversed(value) : value);
            const { event, json } = read(place, text(stored!.data), text(stored!.metadata));
            expect(checkLink('a'.repeat(64), event, json)).toEqual({ ok: true, hash: storedHash(stored!) });
            expect(checkLink('b'.repeat(64), event, json)).toMatchObject({ ok: false, code: 'mismatch' });
          },
        ),
        { numRuns: 300 },
      );
    });

    it('refuses an event whose stored text was changed, whatever part, however it is stored', () => {
      const [stored] = chainAppend(event().streamId, -1, GENESIS_HASH, [event()]).events;
      const data = JSON.stringify(stored!.data);
      const metadata = JSON.stringify(stored!.metadata);
      const hash = storedHash(stored!)!;
      const place = { streamId: event().streamId, revision: 0, id: event().id, type: event().type };
      expect(checkLink(GENESIS_HASH, read(place, data, metadata).event, read(place, data, metadata).json)).toEqual({ ok: true, hash });
      // Not as the api writes it, the same event: the event itself decides.
      expect(checkLink(GENESIS_HASH, read(place, ` ${data} `, metadata.replace(':', ': ')).event, read(place, ` ${data} `, metadata.replace(':', ': ')).json)).toEqual({ ok: true, hash });
      const tampered: Array<[Omit<ChainedEvent, 'data' | 'metadata'>, string, string]> = [
        [place, data.replace('Café website', 'Café websitf'), metadata],
        [place, data.replace('"EUR"', '"USD"'), metadata],
        [place, data, metadata.replace('"manager"', '"member"')],
        // Another member, after the hash, or the hash moved into a member of its own.
        [place, data, metadata.replace(/\}$/, ',"zz":1}')],
        [place, data, metadata.replace('"actor":{', `"actor":{"hash":"${hash}",`)],
        [place, data, metadata.replace(`,"hash":"${hash}"`, '').replace('"actor":{', `"actor":{"hash":"${hash}",`)],
        [{ ...place, id: `${place.id}"` }, data, metadata],
        [{ ...place, type: 'ProjectClosed' }, data, metadata],
        [{ ...place, revision: 1 }, data, metadata],
        [{ ...place, streamId: 'project-other' }, data, metadata],
      ];
      for (const [changed, dataText, metadataText] of tampered) {
        const { event: sut, json } = read(changed, dataText, metadataText);
        expect(checkLink(GENESIS_HASH, sut, json)).toMatchObject({ ok: false });
      }
    });
  });

  it('continues from the stored hash of the last event, or from the genesis hash', () => {
    expect(chainHead(null)).toBe(GENESIS_HASH);
    expect(chainHead(event())).toBe(GENESIS_HASH);
    expect(chainHead({ metadata: { hash: 'a'.repeat(64) } })).toBe('a'.repeat(64));
  });

  it('computes the worked example of docs/audit.md', () => {
    const doc = readFileSync(resolve(__dirname, '../../../docs/audit.md'), 'utf8');
    const first = event();
    const second: ChainedEvent = {
      streamId: first.streamId,
      revision: 1,
      id: '3c5d6e7f-8091-4a2b-9c3d-4e5f60718293',
      type: 'PhaseAdded',
      data: { phaseId: 'ph-1', name: 'Discovery' },
      metadata: { actor: { id: 'u-1', role: 'manager' }, commandId: 'c-2', correlationId: 'c-2', occurredAt: '2027-01-04T09:05:00.000Z' },
    };
    const h0 = eventHash(GENESIS_HASH, first);
    const h1 = eventHash(h0, second);
    // The doc shows each canonical text and hash exactly as computed here.
    expect(doc).toContain(canonicalContent(GENESIS_HASH, first));
    expect(doc).toContain(canonicalContent(h0, second));
    expect(doc).toContain(`hash₀ = ${h0}`);
    expect(doc).toContain(`hash₁ = ${h1}`);
  });
});
