import type { TaskStatus } from './plan';
import type { RiskCategory, RiskStatus } from './risks';
import type { FeedbackKind } from './feedback';

/** A status report as published to the client (`POST /api/projects/:id/status-reports`). The client form has no `by`. */
export interface PublishedReport {
  readonly reportId: string;
  readonly period: string;
  readonly summary: string;
  readonly nextSteps: string;
  readonly by?: string;
  readonly publishedAt: string;
  readonly revision: number;
}

/** `POST /api/projects/:id/status-reports` (managers). */
export interface PublishReportRequest {
  readonly period: string;
  readonly summary: string;
  readonly nextSteps?: string;
}

export interface ReportMilestone {
  readonly milestoneId: string;
  readonly name: string;
  readonly dueDate: string;
  readonly baselineDueDate: string | null;
  readonly reachedOn: string | null;
  readonly status: 'reached' | 'on-time' | 'late';
  readonly onTime: boolean;
}

export interface ReportStep {
  readonly taskId: string;
  readonly title: string;
  readonly dueDate: string;
  readonly status: TaskStatus;
  readonly percentDone: number;
}

export interface ReportRisk {
  readonly riskId: string;
  readonly title: string;
  readonly category: RiskCategory;
  readonly probability: number;
  readonly impact: number;
  readonly exposure: number;
  readonly status: RiskStatus;
  readonly mitigation: string;
}

/** The draft: what a status report says, as of the last event folded. */
export interface ReportFigures {
  readonly asOf: string | null;
  readonly progress: { readonly percent: number; readonly tasks: number; readonly done: number; readonly blocked: number; readonly scheduleVarianceDays: number | null };
  readonly milestones: readonly ReportMilestone[];
  readonly onTimeMilestoneRate: number | null;
  readonly topRisks: readonly ReportRisk[];
  readonly riskExposure: number;
  readonly budget: {
    readonly currency: string;
    readonly budgetMinor: number;
    readonly actualMinor: number;
    readonly burnPercent: number | null;
    readonly cpi: number | null;
    readonly spi: number | null;
    readonly eacMinor: number | null;
  };
  readonly openFeedback: {
    readonly count: number;
    readonly overdue: number;
    readonly items: ReadonlyArray<{ readonly feedbackId: string; readonly kind: FeedbackKind; readonly subject: string; readonly submittedAt: string; readonly answered: boolean; readonly overdue: boolean }>;
  };
  readonly nextSteps: readonly ReportStep[];
  readonly overdueTasks: readonly ReportStep[];
}

/** The `report` view: the status report draft and the reports published. */
export interface ReportView {
  readonly projectId: string;
  readonly name: string;
  readonly currency: string;
  readonly lastReport: PublishedReport | null;
  readonly reportsPublished: number;
  /** Every report published, by id, in publishing order (absent from a view folded before it existed). */
  readonly published?: Readonly<Record<string, PublishedReport>>;
  readonly figures: ReportFigures;
}

export const DOCUMENT_KINDS = ['plan', 'progress-report', 'risk-plan', 'quality-plan', 'contract', 'minutes', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface DocumentVersion {
  readonly version: number;
  readonly location: string;
  /** What changed (`null` for the first version). */
  readonly summary: string | null;
  /** Who (team form only). */
  readonly by?: string;
  readonly at: string;
}

/** A document of the `documents` view; the client form holds only shared ones. */
export interface DocumentEntry {
  readonly documentId: string;
  readonly kind: DocumentKind;
  readonly title: string;
  readonly sharedWithClient: boolean;
  readonly version: number;
  readonly location: string;
  /** Oldest first. */
  readonly versions: readonly DocumentVersion[];
}

export interface DocumentsView {
  readonly projectId: string;
  readonly documents: Readonly<Record<string, DocumentEntry>>;
  readonly figures: { readonly documents: number; readonly sharedWithClient: number; readonly versions: number; readonly byKind: Readonly<Record<string, readonly string[]>> };
}

/** `POST /api/projects/:id/documents` (managers and members). */
export interface AddDocumentRequest {
  readonly kind: DocumentKind;
  readonly title: string;
  readonly location: string;
  readonly sharedWithClient?: boolean;
}

/** `PATCH /api/projects/:id/documents/:documentId`: a new version (location and summary together) and/or the sharing flag (managers). */
export interface EditDocumentRequest {
  readonly location?: string;
  readonly summary?: string;
  readonly sharedWithClient?: boolean;
}

export const QUALITY_DIMENSIONS = ['functional', 'performance', 'reliability', 'usability', 'security', 'compliance', 'other'] as const;
export type QualityDimension = (typeof QUALITY_DIMENSIONS)[number];
export const CHECK_RESULTS = ['pass', 'fail', 'waived'] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];

export interface QualityCheck {
  readonly checkId: string;
  readonly result: CheckResult;
  readonly measured: string;
  /** The team's note; for a waiver, why (team form only). */
  readonly note?: string;
  readonly checkedBy?: string;
  readonly revision: number;
  readonly at: string;
}

export interface QualityStandard {
  readonly standardId: string;
  readonly deliverable: string;
  readonly dimension: QualityDimension;
  readonly criterion: string;
  readonly threshold: string;
  readonly definedBy?: string;
  readonly definedAt?: string;
  readonly status: CheckResult | 'unchecked';
  /** Oldest first; the latest counts. */
  readonly checks: readonly QualityCheck[];
}

export interface QualityView {
  readonly projectId: string;
  readonly standards: Readonly<Record<string, QualityStandard>>;
  readonly figures: {
    readonly standards: number;
    readonly passing: number;
    readonly failing: number;
    readonly waived: number;
    readonly unchecked: number;
    /** Of the standards whose latest check passed or failed: the share that passed (0–1). */
    readonly passRate: number | null;
    /** Of every check that passed or failed: the share that passed (0–1). */
    readonly checkPassRate: number | null;
    readonly openStandards: readonly string[];
    readonly byDeliverable: Readonly<Record<string, { readonly standards: number; readonly passing: number }>>;
  };
}

/** `POST /api/projects/:id/quality-standards` (managers and members). */
export interface DefineStandardRequest {
  readonly deliverable: string;
  readonly dimension: QualityDimension;
  readonly criterion: string;
  readonly threshold: string;
}

/** `POST /api/projects/:id/quality-checks` (managers and members; a waiver: managers, with a reason in `note`). */
export interface RecordCheckRequest {
  readonly standardId: string;
  readonly result: CheckResult;
  readonly measured?: string;
  readonly note?: string;
}
