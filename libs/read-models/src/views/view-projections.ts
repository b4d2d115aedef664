import type { RecordedEvent } from '@app/event-store';
import { NO_DOCUMENTS, type Projection } from '../projection';
import type { ProjectView } from './project-view';

/** A project view as the read store keeps it: one document per project, with the revision it shows. */
export interface ProjectViewDoc<D = unknown> {
  readonly projectId: string;
  /** The project stream's revision of the last event folded in. */
  revision: number;
  data: D;
}

const PROJECT_STREAM = 'project-';

/**
 * The project an event belongs to, as the list `documentIds` answers, for
 * the last event asked about: every project view asks it of the same event
 * in turn, and shares the one list (the projector only reads it).
 */
let lastEvent: RecordedEvent | null = null;
let lastIds: readonly string[] = NO_DOCUMENTS;
function projectOf(event: RecordedEvent): readonly string[] {
  if (event !== lastEvent) {
    lastIds = event.streamId.startsWith(PROJECT_STREAM) ? [event.streamId.slice(PROJECT_STREAM.length)] : NO_DOCUMENTS;
    lastEvent = event;
  }
  return lastIds;
}

/** The read-store view that holds a project view: `project_<name>`. */
export function viewStoreName(view: Pick<ProjectView<unknown>, 'name'>): string {
  return `project_${view.name}`;
}

/**
 * The projector's side of a project view: every event of a project stream is
 * folded into that project's document. The document is the projector's own
 * (read for this batch), so the fold changes it in place.
 */
export function projectViewProjection<D>(view: ProjectView<D>): Projection<ProjectViewDoc<D>> {
  return {
    view: viewStoreName(view as ProjectView<unknown>),
    documentIds: projectOf,
    evolve: (doc, event, projectId) => {
      const current = doc ?? { projectId, revision: -1, data: view.initial(projectId) };
      view.apply(current.data, event);
      current.revision = event.revision;
      return current;
    },
  };
}
