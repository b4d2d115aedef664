import type { ProjectEvent, RiskCategory, RiskStatus } from '@app/domain';
import type { ClientShape, ProjectView, ProjectViewEvent } from './project-view';
import { extend } from './extend';

/** One assessment of a risk: where it stood from this revision on. */
export interface RiskAssessment {
  readonly revision: number;
  readonly at: string;
  readonly probability: number;
  readonly impact: number;
  readonly status: RiskStatus;
  readonly note: string;
}

export interface RiskItem {
  readonly riskId: string;
  title: string;
  description: string;
  category: RiskCategory;
  ownerId: string | null;
  mitigation: string;
  contingency: string;
  internalOnly: boolean;
  probability: number;
  impact: number;
  status: RiskStatus;
  version: number;
  /** Every assessment, oldest first: identification, each re-assessment and status change. */
  history: RiskAssessment[];
}

/** The risk register (DOMAIN.md 5). */
export interface RisksData {
  readonly projectId: string;
  risks: Record<string, RiskItem>;
}

export interface RisksFigures {
  /** Open and mitigating risks by probability (rows, 1–5) and impact (columns, 1–5). */
  readonly heatMap: number[][];
  /** Sum of probability × impact over open and mitigating risks. */
  readonly exposure: number;
  /** The exposure after each revision that changed it, oldest first. */
  readonly exposureTrend: Array<{ readonly revision: number; readonly at: string; readonly exposure: number }>;
}

const ACTIVE: ReadonlySet<RiskStatus> = new Set(['open', 'mitigating']);

function assess(risk: RiskItem, event: ProjectViewEvent, note: string): void {
  risk.history.push({ revision: event.revision, at: event.recordedAt, probability: risk.probability, impact: risk.impact, status: risk.status, note });
}

/**
 * What a client may see of a risk: internal-only risks are dropped whole (by the one redaction);
 * of the others, all but who owns them internally and the team's note on each assessment.
 */
export const riskClientShape: ClientShape = {
  fields: {
    riskId: true,
    title: true,
    description: true,
    category: true,
    mitigation: true,
    contingency: true,
    probability: true,
    impact: true,
    status: true,
    history: { each: { fields: { revision: true, at: true, probability: true, impact: true, status: true } } },
  },
};

/** Whether a risk counts in the exposure: open or mitigating. */
export const isActiveRisk = (risk: { readonly status: RiskStatus }): boolean => ACTIVE.has(risk.status);

export const risksView: ProjectView<RisksData> = {
  name: 'risks',
  initial: (projectId) => ({ projectId, risks: {} }),
  apply(view, event) {
    const e = event as unknown as ProjectEvent;
    switch (e.type) {
      case 'RiskIdentified': {
        const { identifiedBy: _by, ...fields } = e.data;
        const risk: RiskItem = extend(fields, { status: 'open' as const, version: 1, history: [] });
        assess(risk, event, 'Identified');
        view.risks[risk.riskId] = risk;
        return;
      }
      case 'RiskUpdated': {
        const risk = view.risks[e.data.riskId]!;
        Object.assign(risk, e.data.changes);
        risk.version += 1;
        return;
      }
      case 'RiskReassessed': {
        const risk = view.risks[e.data.riskId]!;
        risk.probability = e.data.probability;
        risk.impact = e.data.impact;
        risk.version += 1;
        assess(risk, event, e.data.note);
        return;
      }
      case 'RiskStatusChanged': {
        const risk = view.risks[e.data.riskId]!;
        risk.status = e.data.status;
        risk.version += 1;
        assess(risk, event, e.data.note);
        return;
      }
      default:
        return;
    }
  },
  client: { fields: { projectId: true, risks: { each: riskClientShape } } },
  summarize(view): Record<string, unknown> & RisksFigures {
    const heatMap = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
    let exposure = 0;
    const risks = Object.values(view.risks ?? {});
    for (const risk of risks) {
      if (!ACTIVE.has(risk.status)) continue;
      heatMap[risk.probability - 1]![risk.impact - 1]! += 1;
      exposure += risk.probability * risk.impact;
    }
    // The trend: replay every assessment in revision order, keeping each risk's latest.
    const steps = risks.flatMap((risk) => risk.history.map((step) => ({ riskId: risk.riskId, step })));
    steps.sort((a, b) => a.step.revision - b.step.revision);
    const current = new Map<string, number>();
    let total = 0;
    const exposureTrend: Array<{ revision: number; at: string; exposure: number }> = [];
    for (const { riskId, step } of steps) {
      const value = ACTIVE.has(step.status) ? step.probability * step.impact : 0;
      total += value - (current.get(riskId) ?? 0);
      current.set(riskId, value);
      const last = exposureTrend[exposureTrend.length - 1];
      if (last?.revision === step.revision) last.exposure = total;
      else exposureTrend.push({ revision: step.revision, at: step.at, exposure: total });
    }
    return { heatMap, exposure, exposureTrend };
  },
};
