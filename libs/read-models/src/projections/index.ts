import type { Projection } from '../projection';
import { streamStatsProjection } from './stream-stats.projection';

export * from './stream-stats.projection';

/** Every view the projector keeps. */
export const allProjections: readonly Projection[] = [streamStatsProjection as Projection];
