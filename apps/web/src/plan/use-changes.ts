import type { BoardView, ChangeRequestView } from '@app/contracts';

/** The change requests of a project, and the baseline they stand against, at a revision of the plan. */
export interface ChangeList {
  readonly revision: number;
  readonly baseline: BoardView['baseline'];
  /** In the order they were made. */
  readonly items: readonly ChangeRequestView[];
}

export interface Changes {
  readonly list: ChangeList | null;
  readonly error: string | null;
}

/**
 * The project's change requests, from the live `board` view the Plan tab already
 * watches: in the caller's audience (the client's form has no cost), and moving
 * with the plan, so a request or a decision made elsewhere shows at once.
 */
export function changesOf(board: { readonly data: BoardView | null; readonly revision: number | null; readonly error: string | null }): Changes {
  if (board.data === null || board.revision === null) return { list: null, error: board.error };
  // A plan folded before the board kept change requests has none until the views are rebuilt.
  const items = Object.values(board.data.changes ?? {});
  return { list: { revision: board.revision, baseline: board.data.baseline, items }, error: null };
}
