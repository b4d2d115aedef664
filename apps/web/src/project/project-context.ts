import type { Me, ProjectSummary } from '@app/contracts';

/** What every section of a project page knows: the project with the caller's role, people's names, and who is signed in. */
export interface ProjectContext {
  readonly project: ProjectSummary;
  /** Names by user id, for who submitted, recorded or is editing what. */
  readonly names: ReadonlyMap<string, string>;
  /** The managers and members (who may own a risk). */
  readonly editors: ReadonlySet<string>;
  readonly me: Me | null;
}
