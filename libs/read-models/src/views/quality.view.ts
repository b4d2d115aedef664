import type { CheckResult, ProjectEvent, QualityDimension } from '@app/domain';
import type { ProjectView } from './project-view';
import { extend } from './extend';

export interface QualityCheckEntry {
  readonly checkId: string;
  readonly result: CheckResult;
  /** What was measured, against the standard's threshold. */
  readonly measured: string;
  /** The team's note (for a waiver: why). */
  readonly note: string;
  readonly checkedBy: string;
  readonly revision: number;
  readonly at: string;
}

export interface QualityStandardEntry {
  readonly standardId: string;
  readonly deliverable: string;
  readonly dimension: QualityDimension;
  readonly criterion: string;
  /** The measurable threshold, e.g. "p95 page load ≤ 2 s". */
  readonly threshold: string;
  readonly definedBy: string;
  readonly definedAt: string;
  /** The latest check's result; `unchecked` before the first. */
  status: CheckResult | 'unchecked';
  /** Every check, oldest first; the latest is what counts. */
  checks: QualityCheckEntry[];
}

/** One answer of the client to the delivery: an acceptance (with an optional comment) or a refusal (with its reasons). */
export interface AcceptanceAnswer {
  readonly decision: 'accepted' | 'refused';
  /** The client who answered. */
  readonly by: string;
  /** The acceptance's comment, or the refusal's reasons. */
  readonly comment: string;
  readonly revision: number;
  readonly at: string;
}

/** The client's acceptance of the delivery (DOMAIN.md 14): where it stands, every answer, and whether the project is closed. */
export interface AcceptanceState {
  /** `pending` until the client answers; a refusal may be followed by an acceptance, never the other way round. */
  status: 'pending' | 'accepted' | 'refused';
  /** Every answer, oldest first. */
  answers: AcceptanceAnswer[];
  /** Closed by a manager (read-only until reopened). */
  closed: boolean;
}

/**
 * Quality management (DOMAIN.md 11): standards per deliverable and the checks recorded against them;
 * and the client's acceptance of the delivery (DOMAIN.md 14), which they stand before.
 */
export interface QualityData {
  readonly projectId: string;
  standards: Record<string, QualityStandardEntry>;
  acceptance: AcceptanceState;
}

export interface QualityFigures {
  readonly standards: number;
  /** Standards by the result of their latest check. */
  readonly passing: number;
  readonly failing: number;
  readonly waived: number;
  readonly unchecked: number;
  /** Of the standards whose latest check passed or failed (waived and unchecked ones aside): the share that passed; `null` with none. */
  readonly passRate: number | null;
  /** Of every check ever recorded that passed or failed: the share that passed; `null` with none. */
  readonly checkPassRate: number | null;
  /** Standards whose latest check neither passed nor was waived: what stands between the project and acceptance. */
  readonly openStandards: string[];
  /** Per deliverable: its standards and how many of them pass now. */
  readonly byDeliverable: Record<string, { readonly standards: number; readonly passing: number }>;
}

const share = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);

export const qualityView: ProjectView<QualityData> = {
  name: 'quality',
  initial: (projectId) => ({ projectId, standards: {}, acceptance: { status: 'pending', answers: [], closed: false } }),
  apply(view, event) {
    const e = event as unknown as ProjectEvent;
    // A document folded before the view kept acceptance starts it here.
    view.acceptance ??= { status: 'pending', answers: [], closed: false };
    switch (e.type) {
      case 'QualityStandardDefined':
        view.standards[e.data.standardId] = extend(e.data, { definedAt: event.recordedAt, status: 'unchecked' as const, checks: [] });
        return;
      case 'QualityCheckRecorded': {
        const { standardId, ...check } = e.data;
        const standard = view.standards[standardId]!;
        standard.checks.push(extend(check, { revision: event.revision, at: event.recordedAt }));
        standard.status = check.result;
        return;
      }
      case 'DeliveryAccepted':
      case 'DeliveryRefused': {
        const accepted = e.type === 'DeliveryAccepted';
        const decision = accepted ? 'accepted' : 'refused';
        const comment = e.type === 'DeliveryAccepted' ? e.data.note : e.data.reasons;
        view.acceptance.answers.push({ decision, by: e.data.by, comment, revision: event.revision, at: event.recordedAt });
        view.acceptance.status = decision;
        return;
      }
      case 'ProjectClosed':
        view.acceptance.closed = true;
        return;
      case 'ProjectReopened':
        view.acceptance.closed = false;
        return;
      default:
        return;
    }
  },
  // The standards and what each check measured; not the team's notes on the checks, nor who in the team did what.
  // The acceptance is the client's own answer, whole.
  client: {
    fields: {
      projectId: true,
      acceptance: true,
      standards: {
        each: {
          fields: {
            standardId: true,
            deliverable: true,
            dimension: true,
            criterion: true,
            threshold: true,
            status: true,
            checks: { each: { fields: { checkId: true, result: true, measured: true, revision: true, at: true } } },
          },
        },
      },
    },
  },
  summarize(view): Record<string, unknown> & QualityFigures {
    const standards = Object.values(view.standards ?? {});
    const count = (status: QualityStandardEntry['status']): number => standards.filter((s) => s.status === status).length;
    const checks = standards.flatMap((s) => s.checks).filter((c) => c.result !== 'waived');
    const byDeliverable: Record<string, { standards: number; passing: number }> = {};
    for (const standard of standards) {
      const deliverable = (byDeliverable[standard.deliverable] ??= { standards: 0, passing: 0 });
      deliverable.standards += 1;
      if (standard.status === 'pass') deliverable.passing += 1;
    }
    const passing = count('pass');
    const failing = count('fail');
    return {
      standards: standards.length,
      passing,
      failing,
      waived: count('waived'),
      unchecked: count('unchecked'),
      passRate: share(passing, passing + failing),
      checkPassRate: share(checks.filter((c) => c.result === 'pass').length, checks.length),
      openStandards: standards.filter((s) => s.status !== 'pass' && s.status !== 'waived').map((s) => s.standardId),
      byDeliverable,
    };
  },
};
