export const RISK_CATEGORIES = ['technical', 'resource', 'schedule', 'budget', 'scope', 'quality', 'client', 'external'] as const;
export type RiskCategory = (typeof RISK_CATEGORIES)[number];
export const RISK_STATUSES = ['open', 'mitigating', 'occurred', 'closed'] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];

/** One assessment of a risk: identification, a re-assessment or a status change. The client form has no `note`. */
export interface RiskAssessment {
  readonly revision: number;
  readonly at: string;
  readonly probability: number;
  readonly impact: number;
  readonly status: RiskStatus;
  readonly note?: string;
}

/** A risk in the register. The client form has no `ownerId`, `internalOnly` nor `version`, and no internal-only risk at all. */
export interface RiskItem {
  readonly riskId: string;
  readonly title: string;
  readonly description: string;
  readonly category: RiskCategory;
  readonly ownerId?: string | null;
  readonly mitigation: string;
  readonly contingency: string;
  readonly internalOnly?: boolean;
  readonly probability: number;
  readonly impact: number;
  readonly status: RiskStatus;
  readonly version?: number;
  /** Oldest first. */
  readonly history: ReadonlyArray<RiskAssessment>;
}

/** The `risks` view, for both audiences (each its own form). */
export interface RisksView {
  readonly projectId: string;
  readonly risks: Readonly<Record<string, RiskItem>>;
  readonly figures: {
    /** Open and mitigating risks: rows are probability 1–5, columns impact 1–5. */
    readonly heatMap: ReadonlyArray<ReadonlyArray<number>>;
    readonly exposure: number;
    readonly exposureTrend: ReadonlyArray<{ readonly revision: number; readonly at: string; readonly exposure: number }>;
  };
}

/** `POST /api/projects/:id/risks` */
export interface IdentifyRiskRequest {
  readonly title: string;
  readonly description?: string;
  readonly category: RiskCategory;
  readonly probability: number;
  readonly impact: number;
  readonly ownerId?: string | null;
  readonly mitigation?: string;
  readonly contingency?: string;
  readonly internalOnly?: boolean;
}

/** `PATCH /api/projects/:id/risks/:riskId`: probability with impact is a re-assessment, kept in the history with the note. */
export interface ReassessRiskRequest {
  readonly probability: number;
  readonly impact: number;
  readonly note?: string;
}
