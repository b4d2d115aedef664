import type { DecisionOption, ProjectEvent } from '@app/domain';
import type { ProjectView } from './project-view';
import { extend } from './extend';

export interface DecisionItem {
  readonly decisionId: string;
  readonly title: string;
  readonly context: string;
  readonly proposedBy: string;
  readonly proposedAt: string;
  options: DecisionOption[];
  status: 'proposed' | 'decided' | 'superseded';
  chosenOptionId: string | null;
  rationale: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  participants: string[];
  readonly supersedes: string | null;
  supersededBy: string | null;
  supersededReason: string | null;
  version: number;
}

/** The decision log (DOMAIN.md 22): for the team and auditors; clients have no form of it (option costs and deliberation are internal). */
export interface DecisionsData {
  readonly projectId: string;
  decisions: Record<string, DecisionItem>;
}

export interface DecisionsFigures {
  readonly proposed: number;
  readonly decided: number;
  readonly superseded: number;
  /** Each chain of superseding, oldest decision first, for every decision that superseded or was superseded. */
  readonly chains: string[][];
}

export const decisionsView: ProjectView<DecisionsData> = {
  name: 'decisions',
  initial: (projectId) => ({ projectId, decisions: {} }),
  apply(view, event) {
    const e = event as unknown as ProjectEvent;
    switch (e.type) {
      case 'DecisionProposed':
        view.decisions[e.data.decisionId] = extend(e.data, {
          proposedAt: event.recordedAt,
          options: [],
          status: 'proposed',
          chosenOptionId: null,
          rationale: null,
          decidedBy: null,
          decidedAt: null,
          participants: [],
          supersededBy: null,
          supersededReason: null,
          version: 1,
        });
        return;
      case 'DecisionOptionAdded': {
        const d = view.decisions[e.data.decisionId]!;
        const { decisionId: _id, ...option } = e.data;
        d.options.push(option);
        d.version += 1;
        return;
      }
      case 'DecisionMade': {
        const d = view.decisions[e.data.decisionId]!;
        Object.assign(d, { status: 'decided', chosenOptionId: e.data.optionId, rationale: e.data.rationale, decidedBy: e.data.decidedBy, decidedAt: event.recordedAt, participants: [...e.data.participants] });
        d.version += 1;
        return;
      }
      case 'DecisionSuperseded': {
        const d = view.decisions[e.data.decisionId]!;
        Object.assign(d, { status: 'superseded', supersededBy: e.data.supersededBy, supersededReason: e.data.reason });
        d.version += 1;
        return;
      }
      default:
        return;
    }
  },
  summarize(view): Record<string, unknown> & DecisionsFigures {
    const decisions = Object.values(view.decisions);
    const count = (status: DecisionItem['status']): number => decisions.filter((d) => d.status === status).length;
    const chains: string[][] = [];
    for (const root of decisions) {
      // A chain starts at a decision that supersedes nothing still in the log and was superseded.
      if (root.supersededBy === null || (root.supersedes !== null && view.decisions[root.supersedes] !== undefined)) continue;
      const chain = [root.decisionId];
      for (let next: string | null = root.supersededBy; next !== null && !chain.includes(next); next = view.decisions[next]?.supersededBy ?? null) chain.push(next);
      chains.push(chain);
    }
    return { proposed: count('proposed'), decided: count('decided'), superseded: count('superseded'), chains };
  },
};
