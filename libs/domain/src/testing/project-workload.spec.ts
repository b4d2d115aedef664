import { projectDecider } from '../project/project';
import type { ProjectState } from '../project/state';
import { projectWorkload } from './project-workload';

describe('projectWorkload', () => {
  it('is a valid project history across every area, the same for the same seed', () => {
    const events = projectWorkload({ projectId: 'p1', events: 3000, seed: 7 });
    expect(events.length).toBeGreaterThanOrEqual(3000);
    expect(events.length).toBeLessThan(3010);
    expect(projectWorkload({ projectId: 'p1', events: 3000, seed: 7 })).toEqual(events);
    // Every event folds: the log is one the decider could have written.
    const state = events.reduce<ProjectState>(projectDecider.evolve, projectDecider.initialState());
    expect(state.status).toBe('active');
    const types = new Set<string>(events.map((e) => e.type));
    for (const type of ['TaskAdded', 'TaskUpdated', 'RiskReassessed', 'DecisionMade', 'CostRecorded', 'CostCorrected', 'FeedbackResolved', 'SatisfactionSurveyed', 'QualityCheckRecorded', 'DocumentRevised', 'CommentPosted', 'StatusReportPublished', 'PlanBaselined', 'ChangeApproved']) {
      expect({ type, present: types.has(type) }).toEqual({ type, present: true });
    }
  });
});
