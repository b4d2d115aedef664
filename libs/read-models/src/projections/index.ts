import type { Projection } from '../projection';
import {
  accountsProjection,
  invitationsProjection,
  membershipsProjection,
  projectMembersProjection,
  sessionsProjection,
  usersProjection,
} from './identity.projections';
import { streamStatsProjection } from './stream-stats.projection';
import { projectViewProjection, projectViews } from '../views';

export * from './stream-stats.projection';
export * from './identity.projections';

/** Every view the projector keeps. */
export const allProjections: readonly Projection[] = [
  streamStatsProjection,
  accountsProjection,
  usersProjection,
  sessionsProjection,
  projectMembersProjection,
  membershipsProjection,
  invitationsProjection,
  ...Object.values(projectViews).map(projectViewProjection),
] as Projection[];
