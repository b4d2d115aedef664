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

/** Where the client's acceptance of the delivery stands: `acceptance` in the `quality` view, for both audiences. */
export interface AcceptanceState {
  readonly status: 'pending' | 'accepted' | 'refused';
  /** Every answer, oldest first. */
  readonly answers: ReadonlyArray<AcceptanceAnswer>;
  /** Closed by a manager (read-only until reopened). */
  readonly closed: boolean;
}

/**
 * `POST /api/projects/:id/acceptance` (the client). Accepting is refused (409,
 * `acceptance.quality-open`, with the open `standards`) until every quality
 * standard's latest check passed or was waived; a refusal needs its reasons in `note`.
 */
export interface AcceptanceRequest {
  readonly decision: 'accept' | 'refuse';
  readonly note?: string;
}

/** What the app reads of the `quality` view for acceptance: the standards that stand before it, and its state. */
export interface AcceptanceQualityView {
  readonly standards: Readonly<
    Record<
      string,
      {
        readonly standardId: string;
        readonly deliverable: string;
        readonly dimension: string;
        readonly criterion: string;
        readonly threshold: string;
        readonly status: 'pass' | 'fail' | 'waived' | 'unchecked';
        /** Oldest first; the latest counts. */
        readonly checks: ReadonlyArray<{ readonly checkId: string; readonly result: 'pass' | 'fail' | 'waived'; readonly measured: string; readonly at: string }>;
      }
    >
  >;
  readonly acceptance?: AcceptanceState;
  readonly figures: { readonly standards: number; readonly openStandards: ReadonlyArray<string> };
}
