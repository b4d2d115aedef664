export interface DecisionOption {
  readonly optionId: string;
  readonly title: string;
  readonly pros: string;
  readonly cons: string;
  readonly risks: string;
  readonly benefits: string;
  /** In minor units of the project's currency. */
  readonly costMinor: number;
}

export interface DecisionItem {
  readonly decisionId: string;
  readonly title: string;
  readonly context: string;
  readonly proposedBy: string;
  readonly proposedAt: string;
  readonly options: ReadonlyArray<DecisionOption>;
  readonly status: 'proposed' | 'decided' | 'superseded';
  readonly chosenOptionId: string | null;
  readonly rationale: string | null;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly participants: ReadonlyArray<string>;
  readonly supersedes: string | null;
  readonly supersededBy: string | null;
  readonly supersededReason: string | null;
  readonly version: number;
}

/** The `decisions` view: the team's and auditors' only (a client has no form of it). */
export interface DecisionsView {
  readonly projectId: string;
  readonly decisions: Readonly<Record<string, DecisionItem>>;
  readonly figures: { readonly proposed: number; readonly decided: number; readonly superseded: number; readonly chains: ReadonlyArray<ReadonlyArray<string>> };
}

export interface DecisionOptionRequest {
  readonly title: string;
  readonly pros?: string;
  readonly cons?: string;
  readonly risks?: string;
  readonly benefits?: string;
  readonly costMinor?: number;
}

/** `POST /api/projects/:id/decisions` -> `{ id, optionIds, revision }` */
export interface ProposeDecisionRequest {
  readonly title: string;
  readonly context?: string;
  readonly supersedes?: string | null;
  readonly options?: ReadonlyArray<DecisionOptionRequest>;
}
export interface ProposeDecisionAnswer {
  readonly id: string;
  readonly optionIds: ReadonlyArray<string>;
  readonly revision: number;
}

/** `PATCH /api/projects/:id/decisions/:decisionId` (managers): decide. */
export interface DecideRequest {
  readonly chosenOptionId: string;
  readonly rationale: string;
  readonly participants?: ReadonlyArray<string>;
}
