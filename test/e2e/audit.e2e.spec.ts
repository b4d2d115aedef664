import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainAppend, GENESIS_HASH, verifyStream, type ChainedEvent } from '@app/audit';
import { cleanupDir, person, projectWith, startApi, type Person, type RunningApi } from '../support/api';
import { captureOutput, exited, REPO_ROOT, spawnTs } from '../support/ts-child';

/**
 * Tamper evidence on the embedded store, end to end: the api hashes every
 * event it appends; someone then edits the SQLite file behind its back —
 * one byte changed, an event deleted, two reordered, a forged one appended —
 * and both `GET …/audit/verify` and the offline verifier, on a bundle
 * exported afterwards, name the revision.
 */
type Row = { stream_id: string; revision: number; event_id: string; type: string; data: string; metadata: string };

describe('audit: verify and export on the embedded store', () => {
  let api: RunningApi;
  let db: Database.Database;
  let pm: Person;
  let auditor: Person;
  let client: Person;
  const bundles = mkdtempSync(join(tmpdir(), 'audit-bundles-'));
  /**
   * One project per kind of tampering, all written before anything is
   * tampered with: a projector that refuses to pass a broken link would hold
   * up any write that waits for the views.
   */
  const projects: Record<'intact' | 'byte' | 'deleted' | 'reordered' | 'forged', { id: string; revision: number }> = {} as never;

  beforeAll(async () => {
    api = await startApi();
    [pm, auditor, client] = await Promise.all([person(api, 'Pat'), person(api, 'Aldo'), person(api, 'Cleo')]);
    for (const kind of ['intact', 'byte', 'deleted', 'reordered', 'forged'] as const) {
      const others = [{ person: auditor, role: 'auditor' }, ...(kind === 'intact' ? [{ person: client, role: 'client' }] : [])];
      const id = await projectWith(api, pm, others);
      let revision = -1;
      for (const name of ['Discovery', 'Design', 'Build', 'Launch']) {
        const added = await api.call('POST', `/api/projects/${id}/phases`, { token: pm.token, body: { name } });
        expect(added.status).toBe(201);
        revision = added.body.revision;
      }
      projects[kind] = { id, revision };
    }
    db = new Database(join(api.dataDir, 'events.db'));
    db.pragma('busy_timeout = 5000');
  });

  afterAll(async () => {
    db?.close();
    await api?.close();
    cleanupDir(bundles);
  });

  const verify = (projectId: string) => api.call('GET', `/api/projects/${projectId}/audit/verify`, { token: auditor.token });
  const row = (projectId: string, revision: number): Row =>
    db.prepare<[string, number], Row>('SELECT * FROM events WHERE stream_id = ? AND revision = ?').get(`project-${projectId}`, revision)!;

  /** Exports the project as the auditor and keeps the bundle in a file. */
  async function exported(projectId: string): Promise<{ file: string; lines: string[]; headers: Headers }> {
    const answer = await api.call('GET', `/api/projects/${projectId}/audit/export`, { token: auditor.token });
    expect(answer.status).toBe(200);
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    const file = join(bundles, `${projectId}.ndjson`);
    writeFileSync(file, text);
    return { file, lines: text.split('\n').filter((line) => line.length > 0), headers: answer.headers };
  }

  /** `npm run audit:verify -- <file>`'s program, in its own process, with nothing but the file. */
  async function offline(file: string): Promise<{ code: number | string; output: string }> {
    const child = spawnTs('libs/audit/src/cli.ts', {}, [file]);
    const output = captureOutput(child);
    const code = await exited(child);
    return { code, output: output.text() };
  }

  it('an untouched project verifies, and its export verifies offline through npm run audit:verify', async () => {
    const { id, revision } = projects.intact;
    const verified = await verify(id);
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({ ok: true, checked: revision + 1, lastHash: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const bundle = await exported(id);
    expect(bundle.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(bundle.headers.get('content-disposition')).toBe(`attachment; filename="project-${id}-audit.ndjson"`);
    expect(bundle.lines).toHaveLength(revision + 2);
    expect(JSON.parse(bundle.lines[0]!)).toMatchObject({ projectId: id, stream: `project-${id}`, from: 0, to: revision, count: revision + 1, finalHash: verified.body.lastHash });

    const child = spawn('npm', ['run', '--silent', 'audit:verify', '--', bundle.file], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '' }, stdio: 'pipe' });
    const output = captureOutput(child);
    expect(await exited(child)).toBe(0);
    expect(output.text().trim()).toBe(`${bundle.file}: OK, project ${id}, revisions 0–${revision} (${revision + 1} events), every link holds, final hash ${verified.body.lastHash}`);
  });

  it('one byte of one stored event changed in the SQLite file: verify and the offline verifier name that revision', async () => {
    const { id, revision } = projects.byte;
    const target = revision - 1; // PhaseAdded "Build"
    const stored = row(id, target);
    const changed = stored.data.replace('"Build"', '"Bui1d"');
    expect([...changed].filter((c, i) => c !== stored.data[i])).toHaveLength(1);
    db.prepare('UPDATE events SET data = ? WHERE stream_id = ? AND revision = ?').run(changed, `project-${id}`, target);

    const verified = await verify(id);
    expect(verified.body).toMatchObject({ ok: false, checked: target, firstBrokenRevision: target });
    const result = await offline((await exported(id)).file);
    expect(result.code).toBe(1);
    expect(result.output).toContain(`line ${target + 2} (revision ${target})`);
  });

  it('an event deleted, two reordered, a forged one appended with its own hash but no link: each caught at its revision', async () => {
    const deleted = projects.deleted;
    db.prepare('DELETE FROM events WHERE stream_id = ? AND revision = ?').run(`project-${deleted.id}`, 2);
    expect((await verify(deleted.id)).body).toMatchObject({ ok: false, firstBrokenRevision: 2 });
    expect((await offline((await exported(deleted.id)).file)).output).toContain('(revision 2)');

    const reordered = projects.reordered;
    const swap = db.transaction((stream: string, a: number, b: number) => {
      db.prepare('UPDATE events SET revision = -1 WHERE stream_id = ? AND revision = ?').run(stream, a);
      db.prepare('UPDATE events SET revision = ? WHERE stream_id = ? AND revision = ?').run(a, stream, b);
      db.prepare('UPDATE events SET revision = ? WHERE stream_id = ? AND revision = -1').run(b, stream);
    });
    swap(`project-${reordered.id}`, 4, 5);
    expect((await verify(reordered.id)).body).toMatchObject({ ok: false, firstBrokenRevision: 4 });
    expect((await offline((await exported(reordered.id)).file)).output).toContain('(revision 4)');

    const forged = projects.forged;
    const next = forged.revision + 1;
    const [event] = chainAppend(`project-${forged.id}`, forged.revision, GENESIS_HASH, [
      { id: '11111111-2222-4333-8444-555555555555', type: 'PhaseAdded', data: { phaseId: 'forged', name: 'Forged' }, metadata: { actor: { id: pm.id, role: 'manager' } } },
    ]).events;
    db.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      `project-${forged.id}`,
      next,
      event!.id,
      event!.type,
      JSON.stringify(event!.data),
      JSON.stringify(event!.metadata),
      new Date().toISOString(),
    );
    expect((await verify(forged.id)).body).toMatchObject({ ok: false, checked: next, firstBrokenRevision: next });
    expect((await offline((await exported(forged.id)).file)).output).toContain(`line ${next + 2} (revision ${next})`);
  });

  it('chains every stream the api writes: accounts and sessions too', async () => {
    const streams = db.prepare<[], { stream_id: string }>("SELECT DISTINCT stream_id FROM events WHERE stream_id NOT LIKE 'project-%'").all();
    expect(streams.map((s) => s.stream_id)).toEqual(expect.arrayContaining([`user-${pm.id}`, `user-${auditor.id}`]));
    for (const { stream_id: stream } of streams) {
      const rows = db.prepare<[string], Row>('SELECT * FROM events WHERE stream_id = ? ORDER BY revision').all(stream);
      const events: ChainedEvent[] = rows.map((r) => ({ streamId: stream, revision: r.revision, id: r.event_id, type: r.type, data: JSON.parse(r.data), metadata: JSON.parse(r.metadata) }));
      await expect(verifyStream(events)).resolves.toMatchObject({ ok: true, checked: rows.length });
    }
  });

  it('is described in the OpenAPI document: the verification, and the bundle as NDJSON', async () => {
    const spec = (await api.call('GET', '/api/docs-json')).body;
    const verifyRoute = spec.paths['/api/projects/{projectId}/audit/verify'].get;
    expect(verifyRoute.tags).toEqual(['audit']);
    expect(verifyRoute.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/AuditVerificationDto' });
    expect(Object.keys(spec.components.schemas.AuditVerificationDto.properties).sort()).toEqual(['checked', 'firstBrokenRevision', 'lastHash', 'ok', 'reason']);
    const exportRoute = spec.paths['/api/projects/{projectId}/audit/export'].get;
    expect(Object.keys(exportRoute.responses['200'].content)).toEqual(['application/x-ndjson']);
    expect(Object.keys(exportRoute.responses).sort()).toEqual(['200', '401', '403', '404']);
  });

  it('is for the team and auditors: a client gets 403', async () => {
    const { id } = projects.intact;
    for (const route of ['verify', 'export']) {
      const answer = await api.call('GET', `/api/projects/${id}/audit/${route}`, { token: client.token });
      expect(answer.status).toBe(403);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });
});
