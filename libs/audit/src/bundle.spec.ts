import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleEvent, bundleHeader, bundleLine, verifyBundle, verifyBundleBytes, type BundleEvent } from './bundle';
import { verifyStream } from './chain-walk';
import { chainAppend, eventHash, GENESIS_HASH, storedHash, type ChainedEvent } from './hash-chain';
import { main } from './cli';
import { chainedStream } from './testing/chained-stream';

const PROJECT = '7d2f7b8e-2c4a-4f51-9c1e-5b0a3d9e6f10';
const STREAM = `project-${PROJECT}`;

/** The lines of a bundle of `events` (without their newlines), as the export writes them. */
function bundleOf(events: readonly ChainedEvent[]): string[] {
  const last = events[events.length - 1];
  const header = bundleHeader({ projectId: PROJECT, stream: STREAM, to: events.length - 1, finalHash: last === undefined ? GENESIS_HASH : storedHash(last)!, exportedAt: '2027-02-01T00:00:00.000Z' });
  return [header, ...events.map((event) => bundleEvent({ ...event, recordedAt: '2027-01-04T09:00:01.000Z' }))].map((value) => bundleLine(value).trimEnd());
}

const edit = (line: string, change: (event: BundleEvent & { data: any; metadata: any }) => void): string => {
  const event = JSON.parse(line) as BundleEvent & { data: any; metadata: any };
  change(event);
  return JSON.stringify(event);
};

/** An event written by someone who recomputed its own hash but could not link it to the real chain. */
function forged(revision: number, previousHash: string): ChainedEvent {
  const [event] = chainAppend(STREAM, revision - 1, previousHash, [
    { id: '11111111-2222-4333-8444-555555555555', type: 'CostRecorded', data: { costId: 'x', amountMinor: 1 }, metadata: { actor: { id: 'u1', role: 'manager' } } },
  ]).events;
  return { ...event!, streamId: STREAM, revision };
}

describe('verifying a stream and an export bundle', () => {
  const events = chainedStream(STREAM, 10);
  const bundle = bundleOf(events);

  it('accepts an intact stream and an intact bundle', async () => {
    await expect(verifyStream(events)).resolves.toEqual({ ok: true, checked: 10, lastHash: storedHash(events[9]!) });
    await expect(verifyBundle(bundle)).resolves.toEqual({ ok: true, header: JSON.parse(bundle[0]!), count: 10, finalHash: storedHash(events[9]!) });
    await expect(verifyBundle(bundleOf([]))).resolves.toMatchObject({ ok: true, count: 0, finalHash: GENESIS_HASH });
  });

  it('names the revision whose content changed by one byte', async () => {
    const changed = events.map((event) => (event.revision === 4 ? { ...event, data: { ...(event.data as object), title: 'Task 5' } } : event));
    await expect(verifyStream(changed)).resolves.toMatchObject({ ok: false, checked: 4, firstBrokenRevision: 4 });
    const lines = [...bundle];
    lines[5] = lines[5]!.replace('"title":"Task 4"', '"title":"Task 5"');
    await expect(verifyBundle(lines)).resolves.toMatchObject({ ok: false, line: 6, revision: 4 });
    // Metadata is covered too: who did it.
    lines[5] = edit(bundle[5]!, (event) => (event.metadata.actor.role = 'member'));
    await expect(verifyBundle(lines)).resolves.toMatchObject({ ok: false, line: 6, revision: 4 });
  });

  it('names the revision of a deleted event', async () => {
    await expect(verifyStream(events.filter((event) => event.revision !== 6))).resolves.toMatchObject({ ok: false, checked: 6, firstBrokenRevision: 6 });
    await expect(verifyBundle(bundle.filter((_, i) => i !== 7))).resolves.toMatchObject({ ok: false, line: 8, revision: 6 });
  });

  it('names the first of two events swapped, whether their lines or their revisions were swapped', async () => {
    const swapped = [...events];
    [swapped[2], swapped[3]] = [swapped[3]!, swapped[2]!];
    await expect(verifyStream(swapped)).resolves.toMatchObject({ ok: false, firstBrokenRevision: 2 });
    const renumbered = swapped.map((event, revision) => ({ ...event, revision }));
    await expect(verifyStream(renumbered)).resolves.toMatchObject({ ok: false, firstBrokenRevision: 2, reason: expect.stringMatching(/does not match/) });
    const lines = [...bundle];
    [lines[3], lines[4]] = [lines[4]!, lines[3]!];
    await expect(verifyBundle(lines)).resolves.toMatchObject({ ok: false, line: 4, revision: 2 });
  });

  it('catches an event forged with a recomputed hash of its own but no link to the event before it', async () => {
    // Appended at the end, linked to nothing (the genesis hash) or to a wrong hash.
    for (const previous of [GENESIS_HASH, eventHash(GENESIS_HASH, events[9]!)]) {
      const appended = [...events, forged(10, previous)];
      await expect(verifyStream(appended)).resolves.toMatchObject({ ok: false, checked: 10, firstBrokenRevision: 10 });
      const lines = bundleOf(appended);
      await expect(verifyBundle(lines)).resolves.toMatchObject({ ok: false, line: 12, revision: 10 });
    }
    // Put in place of an event in the middle.
    const replaced = events.map((event) => (event.revision === 5 ? forged(5, GENESIS_HASH) : event));
    await expect(verifyStream(replaced)).resolves.toMatchObject({ ok: false, firstBrokenRevision: 5 });
  });

  it('reports the first event without a hash: a store written before hashing', async () => {
    const unhashed = events.map(({ metadata, ...event }) => ({ ...event, metadata: { ...metadata, hash: undefined } }));
    await expect(verifyStream(unhashed)).resolves.toMatchObject({ ok: false, checked: 0, firstBrokenRevision: 0, reason: expect.stringMatching(/carries no hash/) });
    const partly = [...events.slice(0, 3), ...unhashed.slice(3)];
    await expect(verifyStream(partly)).resolves.toMatchObject({ ok: false, checked: 3, firstBrokenRevision: 3 });
  });

  it('catches a header whose final hash is not where the chain ends', async () => {
    const lines = [...bundle];
    lines[0] = edit(bundle[0]!, (header: any) => (header.finalHash = storedHash(events[8]!)));
    await expect(verifyBundle(lines)).resolves.toMatchObject({ ok: false, line: 1, reason: expect.stringMatching(/final hash/) });
  });

  it('catches a truncated bundle, and lines past the range of its header', async () => {
    await expect(verifyBundle(bundle.slice(0, 8))).resolves.toMatchObject({ ok: false, line: 9, revision: 7, reason: expect.stringMatching(/truncated/) });
    const cut = [...bundle.slice(0, 10), bundle[10]!.slice(0, 40)];
    await expect(verifyBundle(cut)).resolves.toMatchObject({ ok: false, line: 11, reason: 'not a JSON object' });
    const longer = bundleOf(chainedStream(STREAM, 12));
    longer[0] = bundle[0]!;
    await expect(verifyBundle(longer)).resolves.toMatchObject({ ok: false, line: 12, revision: 10 });
  });

  it('refuses a bundle without a valid header, and events that are not events', async () => {
    await expect(verifyBundle([])).resolves.toMatchObject({ ok: false, line: 1 });
    await expect(verifyBundle(bundle.slice(1))).resolves.toMatchObject({ ok: false, line: 1, reason: expect.stringMatching(/header/) });
    await expect(verifyBundle([bundle[0]!.replace('"from":0', '"from":3'), ...bundle.slice(1)])).resolves.toMatchObject({ ok: false, line: 1 });
    const lines = [...bundle];
    lines[2] = edit(bundle[2]!, (event: any) => delete event.metadata);
    await expect(verifyBundle(lines)).resolves.toMatchObject({ ok: false, line: 3, reason: expect.stringMatching(/not an event/) });
    lines[2] = edit(bundle[2]!, (event) => delete event.metadata.hash);
    await expect(verifyBundle(lines)).resolves.toMatchObject({ ok: false, line: 3, revision: 1, reason: expect.stringMatching(/no hash/) });
  });

  it('reads a bundle from chunks of bytes cut anywhere, with LF or CRLF, with or without a last newline', async () => {
    const named = chainedStream(STREAM, 5).map((event) => ({ ...event, data: { ...(event.data as object), title: 'Café ☕' } }));
    const rechained = chainAppend(STREAM, -1, GENESIS_HASH, named).events.map((event, revision) => ({ ...event, streamId: STREAM, revision }));
    const text = bundleOf(rechained).join('\n');
    const bytes = Buffer.from(text, 'utf8');
    async function* cut(data: Buffer, size: number): AsyncGenerator<Buffer> {
      for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
    }
    for (const size of [1, 2, 3, 7, 64, bytes.length]) {
      await expect(verifyBundleBytes(cut(bytes, size))).resolves.toMatchObject({ ok: true, count: 5 });
      await expect(verifyBundleBytes(cut(Buffer.concat([bytes, Buffer.from('\n')]), size))).resolves.toMatchObject({ ok: true, count: 5 });
      await expect(verifyBundleBytes(cut(Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8'), size))).resolves.toMatchObject({ ok: true, count: 5 });
    }
    // A byte that is not UTF-8 fails the line it is in.
    const broken = Buffer.from(bytes);
    broken[broken.indexOf(Buffer.from('☕', 'utf8'), bytes.indexOf('\n', bytes.indexOf('\n', bytes.indexOf('\n') + 1) + 1))] = 0xff;
    await expect(verifyBundleBytes(cut(broken, 5))).resolves.toMatchObject({ ok: false, line: 4, revision: 2 });
  });

  describe('npm run audit:verify', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-cli-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const run = async (lines: readonly string[]): Promise<{ code: number; out: string[]; err: string[] }> => {
      const file = join(dir, `${Math.random().toString(36).slice(2)}.ndjson`);
      writeFileSync(file, lines.map((line) => `${line}\n`).join(''));
      const out: string[] = [];
      const err: string[] = [];
      const code = await main([file], (line) => out.push(line), (line) => err.push(line));
      return { code, out, err };
    };

    it('exits 0 with a one-line summary for an intact bundle', async () => {
      const result = await run(bundle);
      expect(result).toEqual({ code: 0, out: [expect.stringContaining(`OK, project ${PROJECT}, revisions 0–9 (10 events)`)], err: [] });
    });

    it('exits 1 naming the first bad line and its revision', async () => {
      const lines = [...bundle];
      lines[5] = lines[5]!.replace('"title":"Task 4"', '"title":"Task 5"');
      const result = await run(lines);
      expect(result.code).toBe(1);
      expect(result.err).toEqual([expect.stringMatching(/: line 6 \(revision 4\): revision 4: its hash does not match/)]);
    });

    it('exits 2 without a file, or with one it cannot read', async () => {
      const quiet = (): void => undefined;
      await expect(main([], quiet, quiet)).resolves.toBe(2);
      await expect(main([join(dir, 'missing.ndjson')], quiet, quiet)).resolves.toBe(2);
    });
  });
});
