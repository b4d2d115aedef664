export const PROJECT_ROLES = ['manager', 'member', 'client', 'auditor'] as const;
/** A person's role in one project. */
export type ProjectRole = (typeof PROJECT_ROLES)[number];

/** Who a view is served to: the delivery team (managers, members, auditors) or the client. */
export type Audience = 'team' | 'client';

/** An item of `GET /api/projects`; `GET /api/projects/:id` adds `createdAt`. */
export interface ProjectSummary {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  /** The caller's role in it. */
  readonly role: ProjectRole;
  /** When it was created (ISO 8601): `GET /api/projects/:id` only. */
  readonly createdAt?: string;
}

/** An item of `GET /api/projects/:id/members`. */
export interface ProjectMember {
  readonly userId: string;
  readonly email: string;
  readonly name: string | null;
  readonly role: ProjectRole;
  readonly since: string;
}

/** `{ items }`: the answer of every list route. */
export interface ListOf<T> {
  readonly items: readonly T[];
}

/** What every write answers (with the project's revision as its ETag). */
export interface WriteResult {
  readonly revision: number;
  readonly events: ReadonlyArray<{ readonly type: string; readonly revision: number }>;
}

/** A write that made an item: its id beside the write's result. */
export interface Created extends WriteResult {
  readonly id: string;
}

/** The KPIs of one project (or their averages), `null` where there is nothing to measure yet. */
export interface PortfolioKpis {
  readonly onTimeMilestoneRate: number | null;
  readonly cpi: number | null;
  readonly spi: number | null;
  readonly csat: number | null;
  readonly nps: number | null;
  readonly averageResponseHours: number | null;
  readonly averageResolutionHours: number | null;
  readonly responseWithinTargetShare: number | null;
  readonly riskExposure: number | null;
  readonly qualityPassRate: number | null;
}

export interface PortfolioRow {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly role: ProjectRole;
  /** The forms of the views the row was computed from. */
  readonly audience: Audience;
  readonly revision: number;
  readonly kpis: PortfolioKpis;
}

/** `GET /api/portfolio` */
export interface Portfolio {
  readonly items: readonly PortfolioRow[];
  readonly totals: { readonly projects: number; readonly riskExposure: number };
  readonly averages: PortfolioKpis;
}

/** `POST /api/projects/:id/members` (managers): invite someone by e-mail, with the role they will have. */
export interface InviteMemberRequest {
  readonly email: string;
  readonly role: ProjectRole;
}

/** The answer of an invitation: its token is what the invitation e-mail carries (single use, until `expiresAt`). */
export interface InvitationCreated extends WriteResult {
  readonly invitationId: string;
  readonly token: string;
  readonly expiresAt: string;
}

/** `POST /api/invitations/:token/accept`, by the invitee signed in with the invited address. */
export interface InvitationAccepted extends WriteResult {
  readonly projectId: string;
  readonly role: ProjectRole;
}
