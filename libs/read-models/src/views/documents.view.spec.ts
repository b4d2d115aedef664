import fc from 'fast-check';
import type { DocumentKind, ProjectCommand } from '@app/domain';
import { documentsView, foldView, present, type DocumentsFigures } from '.';
import { clock, history, start } from './testing';

const add = (documentId: string, kind: DocumentKind, sharedWithClient: boolean): ProjectCommand => ({
  type: 'AddDocument',
  data: { documentId, kind, title: `Title ${documentId}`, sharedWithClient, location: `https://files.example/${documentId}-v1`, addedBy: 'dev' },
});
const revise = (documentId: string, n: number): ProjectCommand => ({
  type: 'ReviseDocument',
  data: { documentId, location: `https://files.example/${documentId}-v${n}`, summary: `Version ${n}`, revisedBy: 'dev' },
});
const share = (documentId: string, sharedWithClient: boolean, by = 'pm'): ProjectCommand => ({ type: 'ShareDocument', data: { documentId, sharedWithClient, by } });

describe('documents view', () => {
  const commands = [
    ...start,
    clock('2027-02-01T10:00:00.000Z'),
    add('sow', 'contract', false),
    add('plan', 'plan', true),
    add('minutes-1', 'minutes', false),
    add('rates', 'contract', false),
    clock('2027-02-03T10:00:00.000Z'),
    revise('sow', 2),
    revise('sow', 3),
    share('sow', true),
    share('rates', true, 'dev'), // refused: only a manager decides what the client sees
    share('plan', false),
  ];

  it('keeps documents by kind with every version and whether the client sees them', () => {
    const data = foldView(documentsView, 'p', history(commands));
    expect(data.documents.sow).toEqual({
      documentId: 'sow',
      kind: 'contract',
      title: 'Title sow',
      sharedWithClient: true,
      internalOnly: false,
      version: 3,
      location: 'https://files.example/sow-v3',
      versions: [
        { version: 1, location: 'https://files.example/sow-v1', summary: null, by: 'dev', at: '2027-02-01T10:00:00.000Z' },
        { version: 2, location: 'https://files.example/sow-v2', summary: 'Version 2', by: 'dev', at: '2027-02-03T10:00:00.000Z' },
        { version: 3, location: 'https://files.example/sow-v3', summary: 'Version 3', by: 'dev', at: '2027-02-03T10:00:00.000Z' },
      ],
    });
    expect(data.documents.plan).toMatchObject({ sharedWithClient: false, internalOnly: true });
    expect(present(documentsView, data, 'team')!.figures).toEqual<DocumentsFigures>({
      documents: 4,
      sharedWithClient: 1,
      versions: 6,
      byKind: { contract: ['sow', 'rates'], plan: ['plan'], minutes: ['minutes-1'] },
    });
  });

  it('shows a client only the documents shared with it, and counts only those', () => {
    const client = present(documentsView, foldView(documentsView, 'p', history(commands)), 'client')!;
    expect(Object.keys(client.documents as object)).toEqual(['sow']);
    expect((client.documents as Record<string, { versions: unknown[] }>).sow!.versions[1]).toEqual({
      version: 2,
      location: 'https://files.example/sow-v2',
      summary: 'Version 2',
      at: '2027-02-03T10:00:00.000Z',
    });
    expect(client.figures).toEqual({ documents: 1, sharedWithClient: 1, versions: 3, byKind: { contract: ['sow'] } });
    const text = JSON.stringify(client);
    for (const hidden of ['Title plan', 'minutes-1', 'rates', 'internalOnly', '"by"']) expect(text).not.toContain(hidden);
  });

  it('never gives a client a document not shared with it, whatever happened, and counts only the shared ones', () => {
    const id = fc.constantFrom('a', 'b', 'c', 'd');
    const command: fc.Arbitrary<ProjectCommand> = fc.oneof(
      fc.record({ id, kind: fc.constantFrom<DocumentKind>('plan', 'contract', 'minutes'), shared: fc.boolean() }).map((d) => add(`doc-${d.id}`, d.kind, d.shared)),
      fc.record({ id, n: fc.integer({ min: 2, max: 9 }) }).map((d) => revise(`doc-${d.id}`, d.n)),
      fc.record({ id, shared: fc.boolean() }).map((d) => share(`doc-${d.id}`, d.shared)),
    );
    fc.assert(
      fc.property(fc.array(command, { maxLength: 30 }), (commands) => {
        const data = foldView(documentsView, 'p', history([...start, ...commands]));
        const client = present(documentsView, data, 'client')!;
        const text = JSON.stringify(client);
        const shared = Object.values(data.documents).filter((d) => d.sharedWithClient);
        for (const doc of Object.values(data.documents)) if (!doc.sharedWithClient) expect(text).not.toContain(`/${doc.documentId}-`);
        expect(Object.keys(client.documents as object).sort()).toEqual(shared.map((d) => d.documentId).sort());
        expect(client.figures).toMatchObject({ documents: shared.length, sharedWithClient: shared.length, versions: shared.reduce((sum, d) => sum + d.versions.length, 0) });
      }),
      { numRuns: 200 },
    );
  });
});
