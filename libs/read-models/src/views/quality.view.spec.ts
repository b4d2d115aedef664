import fc from 'fast-check';
import type { CheckResult, ProjectCommand, QualityDimension } from '@app/domain';
import { foldView, present, qualityView, type QualityFigures } from '.';
import { history, start } from './testing';

const standard = (standardId: string, deliverable: string, dimension: QualityDimension): ProjectCommand => ({
  type: 'DefineQualityStandard',
  data: { standardId, deliverable, dimension, criterion: `Criterion ${standardId}`, threshold: 'p95 ≤ 2 s', definedBy: 'dev' },
});
const check = (checkId: string, standardId: string, result: CheckResult, checkedBy = 'dev'): ProjectCommand => ({
  type: 'RecordQualityCheck',
  data: { checkId, standardId, result, measured: `measured ${checkId}`, note: `internal note ${checkId}`, checkedBy },
});

describe('quality view', () => {
  const commands = [
    ...start,
    standard('q1', 'Website', 'performance'),
    standard('q2', 'Website', 'usability'),
    standard('q3', 'API', 'security'),
    standard('q4', 'API', 'reliability'),
    check('k1', 'q1', 'fail'),
    check('k2', 'q1', 'pass'),
    check('k3', 'q2', 'fail'),
    check('k4', 'q3', 'fail'),
    check('kx', 'q3', 'waived', 'dev'), // refused: only a manager waives
    check('k5', 'q3', 'waived', 'pm'),
    check('ky', 'nope', 'pass'), // refused: no such standard
  ];

  it('keeps each standard with every check, its latest result, the pass rates and what stands before acceptance', () => {
    const data = foldView(qualityView, 'p', history(commands));
    expect(data.standards.q1!.checks.map((c) => [c.checkId, c.result])).toEqual([['k1', 'fail'], ['k2', 'pass']]);
    expect(data.standards.q3).toMatchObject({ status: 'waived', checks: [{ checkId: 'k4' }, { checkId: 'k5', note: 'internal note k5', checkedBy: 'pm' }] });
    expect(data.standards.q4).toMatchObject({ status: 'unchecked', checks: [] });
    expect(present(qualityView, data, 'team')!.figures).toEqual<QualityFigures>({
      standards: 4,
      passing: 1,
      failing: 1,
      waived: 1,
      unchecked: 1,
      // q1 passes, q2 fails (q3 waived, q4 unchecked aside).
      passRate: 0.5,
      // k2 of k1–k4 (the waiver k5 aside).
      checkPassRate: 0.25,
      openStandards: ['q2', 'q4'],
      byDeliverable: { Website: { standards: 2, passing: 1 }, API: { standards: 2, passing: 0 } },
    });
  });

  it('shows a client the standards and what was measured, not the team’s notes or who checked, with the same figures', () => {
    const data = foldView(qualityView, 'p', history(commands));
    const client = present(qualityView, data, 'client')!;
    expect((client.standards as Record<string, unknown>).q1).toEqual({
      standardId: 'q1',
      deliverable: 'Website',
      dimension: 'performance',
      criterion: 'Criterion q1',
      threshold: 'p95 ≤ 2 s',
      status: 'pass',
      checks: [
        { checkId: 'k1', result: 'fail', measured: 'measured k1', revision: expect.any(Number), at: expect.any(String) },
        { checkId: 'k2', result: 'pass', measured: 'measured k2', revision: expect.any(Number), at: expect.any(String) },
      ],
    });
    expect(client.figures).toEqual(present(qualityView, data, 'team')!.figures);
  });

  it('never gives a client a note or who checked, whatever happened', () => {
    const id = fc.constantFrom('a', 'b', 'c');
    const command: fc.Arbitrary<ProjectCommand> = fc.oneof(
      fc.record({ id, deliverable: fc.constantFrom('Website', 'API'), dimension: fc.constantFrom<QualityDimension>('functional', 'security') }).map((s) => standard(`std-${s.id}`, s.deliverable, s.dimension)),
      fc.record({ checkId: fc.integer({ min: 0, max: 99 }), of: id, result: fc.constantFrom<CheckResult>('pass', 'fail', 'waived'), by: fc.constantFrom('pm', 'dev') }).map((c) =>
        check(`chk-${c.checkId}`, `std-${c.of}`, c.result, c.by),
      ),
    );
    fc.assert(
      fc.property(fc.array(command, { maxLength: 30 }), (commands) => {
        const data = foldView(qualityView, 'p', history([...start, ...commands]));
        const client = present(qualityView, data, 'client')!;
        const text = JSON.stringify(client);
        for (const hidden of ['internal note', 'checkedBy', 'definedBy', '"note"']) expect(text).not.toContain(hidden);
        expect(client.figures).toEqual(present(qualityView, data, 'team')!.figures);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps the client’s acceptance: each answer in order, where it stands, and closure; the client sees it whole', () => {
    const answer = (type: 'AcceptDelivery' | 'RefuseDelivery', text: string): ProjectCommand =>
      type === 'AcceptDelivery' ? { type, data: { by: 'cl', note: text } } : { type, data: { by: 'cl', reasons: text } };
    const before = foldView(qualityView, 'p', history([...start, standard('q1', 'Website', 'performance')]));
    expect(before.acceptance).toEqual({ status: 'pending', answers: [], closed: false });

    const data = foldView(
      qualityView,
      'p',
      history([
        ...start,
        standard('q1', 'Website', 'performance'),
        answer('AcceptDelivery', 'refused by the rules: q1 is unchecked'),
        answer('RefuseDelivery', 'Pages load slowly on phones'),
        check('k1', 'q1', 'pass'),
        answer('AcceptDelivery', 'Signed off'),
        answer('RefuseDelivery', 'refused by the rules: already accepted'),
        { type: 'CloseProject', data: { by: 'pm', note: 'Delivered' } },
      ]),
    );
    expect(data.acceptance).toEqual({
      status: 'accepted',
      answers: [
        { decision: 'refused', by: 'cl', comment: 'Pages load slowly on phones', revision: expect.any(Number), at: expect.any(String) },
        { decision: 'accepted', by: 'cl', comment: 'Signed off', revision: expect.any(Number), at: expect.any(String) },
      ],
      closed: true,
    });
    expect(present(qualityView, data, 'client')!.acceptance).toEqual(data.acceptance);

    const reopened = foldView(qualityView, 'p', history([...start, { type: 'CloseProject', data: { by: 'pm', note: '' } }, { type: 'ReopenProject', data: { by: 'pm', reason: 'Warranty fix' } }]));
    expect(reopened.acceptance.closed).toBe(false);
  });

  it('starts the acceptance of a document folded before the view kept it', () => {
    const old = { projectId: 'p', standards: {} } as unknown as Parameters<typeof qualityView.apply>[0];
    for (const event of history([...start, { type: 'RefuseDelivery', data: { by: 'cl', reasons: 'Not yet' } }])) qualityView.apply(old, event);
    expect(old.acceptance).toMatchObject({ status: 'refused', answers: [{ decision: 'refused', comment: 'Not yet' }], closed: false });
  });
});
