import { DeciderSpecification } from '../testing/decider-specification';
import { projectDecider, type ProjectEvent } from './project';
import { isCalendarDate, type TaskFields } from './plan';

const spec = DeciderSpecification(projectDecider);

const project: ProjectEvent[] = [
  { type: 'ProjectCreated', data: { projectId: 'p1', name: 'Website relaunch', currency: 'EUR', createdBy: 'pm' } },
  { type: 'MemberJoined', data: { userId: 'pm', email: 'pm@example.com', role: 'manager', invitationId: null } },
  { type: 'MemberJoined', data: { userId: 'dev', email: 'dev@example.com', role: 'member', invitationId: 'i1' } },
  { type: 'MemberJoined', data: { userId: 'cli', email: 'cli@example.com', role: 'client', invitationId: 'i2' } },
];
const phase: ProjectEvent = { type: 'PhaseAdded', data: { phaseId: 'ph1', name: 'Discovery', order: 1 } };
const milestone: ProjectEvent = { type: 'MilestoneAdded', data: { milestoneId: 'm1', phaseId: 'ph1', name: 'Design signed off', dueDate: '2027-02-01' } };
const fields = (overrides: Partial<TaskFields> = {}): TaskFields => ({
  phaseId: 'ph1',
  title: 'Interview stakeholders',
  description: '',
  assigneeId: 'dev',
  startDate: '2027-01-04',
  dueDate: '2027-01-08',
  estimateHours: 16,
  dependsOn: [],
  ...overrides,
});
const taskA: ProjectEvent = { type: 'TaskAdded', data: { taskId: 'a', ...fields() } };
const taskB: ProjectEvent = { type: 'TaskAdded', data: { taskId: 'b', ...fields({ title: 'Write the brief', dependsOn: ['a'] }) } };
const plan = [...project, phase, milestone, taskA, taskB];
const baselined: ProjectEvent = {
  type: 'PlanBaselined',
  data: {
    number: 1,
    changeId: null,
    reason: 'Agreed at kickoff',
    milestones: { m1: '2027-02-01' },
    tasks: {
      a: { startDate: '2027-01-04', dueDate: '2027-01-08', estimateHours: 16 },
      b: { startDate: '2027-01-04', dueDate: '2027-01-08', estimateHours: 16 },
    },
  },
};
const impact = { scope: 'Add a second language', scheduleDays: 10, costMinor: 450_000 };
const requested: ProjectEvent = { type: 'ChangeRequested', data: { changeId: 'c1', title: 'Bilingual site', description: '', impact, requestedBy: 'cli' } };
const approved: ProjectEvent = { type: 'ChangeApproved', data: { changeId: 'c1', decidedBy: 'pm', reason: 'Budget agreed' } };

describe('plan: phases and milestones', () => {
  it('adds phases in order, and milestones in a phase that exists, on a real date', () => {
    spec.given(project).when({ type: 'AddPhase', data: { phaseId: 'ph1', name: 'Discovery' } }).then([phase]);
    spec
      .given([...project, phase])
      .when({ type: 'AddPhase', data: { phaseId: 'ph2', name: 'Build' } })
      .then([{ type: 'PhaseAdded', data: { phaseId: 'ph2', name: 'Build', order: 2 } }]);
    spec.given([...project, phase]).when({ type: 'AddPhase', data: { phaseId: 'ph1', name: 'Again' } }).thenThrows('phase.exists');
    spec.given([...project, phase]).when({ type: 'AddMilestone', data: milestone.data as never }).then([milestone]);
    spec
      .given(project)
      .when({ type: 'AddMilestone', data: { milestoneId: 'm1', phaseId: 'nope', name: 'X', dueDate: '2027-02-01' } })
      .thenThrows('phase.not-found');
    spec
      .given([...project, phase])
      .when({ type: 'AddMilestone', data: { milestoneId: 'm1', phaseId: null, name: 'X', dueDate: '2027-02-30' } })
      .thenThrows('plan.invalid-date');
    spec.given(plan).when({ type: 'AddMilestone', data: milestone.data as never }).thenThrows('milestone.exists');
  });

  it('reschedules freely before a baseline, and past the baseline only through an approved change', () => {
    const move = (dueDate: string, changeId: string | null = null) => ({ type: 'RescheduleMilestone' as const, data: { milestoneId: 'm1', dueDate, changeId } });
    spec
      .given(plan)
      .when(move('2027-03-01'))
      .then([{ type: 'MilestoneRescheduled', data: { milestoneId: 'm1', dueDate: '2027-03-01', previousDueDate: '2027-02-01', changeId: null } }]);
    spec.given([...plan, baselined]).when(move('2027-01-25')).then([
      { type: 'MilestoneRescheduled', data: { milestoneId: 'm1', dueDate: '2027-01-25', previousDueDate: '2027-02-01', changeId: null } },
    ]);
    spec.given([...plan, baselined]).when(move('2027-02-10')).thenThrows('milestone.beyond-baseline');
    spec.given([...plan, baselined, requested]).when(move('2027-02-10', 'c1')).thenThrows('milestone.beyond-baseline');
    spec.given([...plan, baselined, requested, approved]).when(move('2027-02-10', 'c1')).then([
      { type: 'MilestoneRescheduled', data: { milestoneId: 'm1', dueDate: '2027-02-10', previousDueDate: '2027-02-01', changeId: 'c1' } },
    ]);
    spec.given(plan).when(move('2027-02-01')).then([]);
    spec.given(plan).when({ type: 'RescheduleMilestone', data: { milestoneId: 'zz', dueDate: '2027-02-01', changeId: null } }).thenThrows('milestone.not-found');
  });

  it('refuses a reschedule based on an old version of the milestone', () => {
    const moved: ProjectEvent = { type: 'MilestoneRescheduled', data: { milestoneId: 'm1', dueDate: '2027-02-03', previousDueDate: '2027-02-01', changeId: null } };
    spec
      .given([...plan, moved])
      .when({ type: 'RescheduleMilestone', data: { milestoneId: 'm1', dueDate: '2027-02-05', changeId: null, ifVersion: 1 } })
      .thenThrows('milestone.version-conflict');
    spec
      .given([...plan, moved])
      .when({ type: 'RescheduleMilestone', data: { milestoneId: 'm1', dueDate: '2027-02-05', changeId: null, ifVersion: 2 } })
      .then([{ type: 'MilestoneRescheduled', data: { milestoneId: 'm1', dueDate: '2027-02-05', previousDueDate: '2027-02-03', changeId: null } }]);
  });

  it('marks a milestone reached once, after which its date stays', () => {
    const reached: ProjectEvent = { type: 'MilestoneReached', data: { milestoneId: 'm1', reachedOn: '2027-01-30' } };
    spec.given(plan).when({ type: 'MarkMilestoneReached', data: reached.data as never }).then([reached]);
    spec.given([...plan, reached]).when({ type: 'MarkMilestoneReached', data: reached.data as never }).thenThrows('milestone.reached');
    spec
      .given([...plan, reached])
      .when({ type: 'RescheduleMilestone', data: { milestoneId: 'm1', dueDate: '2027-01-20', changeId: null } })
      .thenThrows('milestone.reached');
  });
});

describe('plan: tasks', () => {
  it('adds a task assigned to the team, with sensible dates and estimate', () => {
    spec.given([...project, phase]).when({ type: 'AddTask', data: { taskId: 'a', ...fields() } }).then([taskA]);
    spec.given(plan).when({ type: 'AddTask', data: { taskId: 'a', ...fields() } }).thenThrows('task.exists');
    spec.given([...project, phase]).when({ type: 'AddTask', data: { taskId: 'x', ...fields({ assigneeId: 'cli' }) } }).thenThrows('task.assignee-not-team');
    spec.given([...project, phase]).when({ type: 'AddTask', data: { taskId: 'x', ...fields({ assigneeId: 'ghost' }) } }).thenThrows('task.assignee-not-team');
    spec
      .given([...project, phase])
      .when({ type: 'AddTask', data: { taskId: 'x', ...fields({ startDate: '2027-01-09', dueDate: '2027-01-08' }) } })
      .thenThrows('task.dates-reversed');
    spec.given([...project, phase]).when({ type: 'AddTask', data: { taskId: 'x', ...fields({ estimateHours: -1 }) } }).thenThrows('task.invalid-estimate');
    spec.given([...project, phase]).when({ type: 'AddTask', data: { taskId: 'x', ...fields({ dependsOn: ['nope'] }) } }).thenThrows('task.not-found');
    spec.given([...project, phase]).when({ type: 'AddTask', data: { taskId: 'x', ...fields({ dependsOn: ['x'] }) } }).thenThrows('task.dependency-cycle');
  });

  it('never lets dependencies form a cycle', () => {
    const taskC: ProjectEvent = { type: 'TaskAdded', data: { taskId: 'c', ...fields({ dependsOn: ['b'] }) } };
    spec.given([...plan, taskC]).when({ type: 'UpdateTask', data: { taskId: 'a', changes: { dependsOn: ['c'] } } }).thenThrows('task.dependency-cycle');
    spec.given(plan).when({ type: 'UpdateTask', data: { taskId: 'a', changes: { dependsOn: ['b'] } } }).thenThrows('task.dependency-cycle');
    spec
      .given([...plan, taskC])
      .when({ type: 'UpdateTask', data: { taskId: 'c', changes: { dependsOn: ['a', 'b'] } } })
      .then([{ type: 'TaskUpdated', data: { taskId: 'c', changes: { dependsOn: ['a', 'b'] } } }]);
  });

  it('records only what an update changes, and refuses one based on an old version', () => {
    spec
      .given(plan)
      .when({ type: 'UpdateTask', data: { taskId: 'a', changes: { title: 'Interview stakeholders', estimateHours: 24 } } })
      .then([{ type: 'TaskUpdated', data: { taskId: 'a', changes: { estimateHours: 24 } } }]);
    spec.given(plan).when({ type: 'UpdateTask', data: { taskId: 'a', changes: { title: 'Interview stakeholders' } } }).then([]);
    const edited: ProjectEvent = { type: 'TaskUpdated', data: { taskId: 'a', changes: { title: 'Interview key stakeholders' } } };
    spec
      .given([...plan, edited])
      .when({ type: 'UpdateTask', data: { taskId: 'a', changes: { title: 'Mine' }, ifVersion: 1 } })
      .thenThrows('task.version-conflict');
    spec.given(plan).when({ type: 'UpdateTask', data: { taskId: 'zz', changes: { title: 'X' } } }).thenThrows('task.not-found');
  });

  it('moves a task through its statuses; done only when what it depends on is done', () => {
    const status = (taskId: string, s: 'todo' | 'in_progress' | 'blocked' | 'done', ifVersion?: number) => ({
      type: 'ChangeTaskStatus' as const,
      data: { taskId, status: s, ...(ifVersion === undefined ? {} : { ifVersion }) },
    });
    spec.given(plan).when(status('a', 'in_progress')).then([{ type: 'TaskStatusChanged', data: { taskId: 'a', status: 'in_progress', previousStatus: 'todo' } }]);
    spec.given(plan).when(status('b', 'done')).thenThrows('task.dependencies-open');
    const aDone: ProjectEvent = { type: 'TaskStatusChanged', data: { taskId: 'a', status: 'done', previousStatus: 'todo' } };
    spec.given([...plan, aDone]).when(status('b', 'done')).then([{ type: 'TaskStatusChanged', data: { taskId: 'b', status: 'done', previousStatus: 'todo' } }]);
    spec.given(plan).when(status('a', 'todo')).then([]);
    spec.given([...plan, aDone]).when(status('a', 'todo', 1)).thenThrows('task.version-conflict');
  });

  it('reports progress as a whole percentage; a done task is 100%', () => {
    const progress = (percentDone: number) => ({ type: 'ReportTaskProgress' as const, data: { taskId: 'a', percentDone } });
    spec.given(plan).when(progress(40)).then([{ type: 'TaskProgressReported', data: { taskId: 'a', percentDone: 40 } }]);
    spec.given(plan).when(progress(101)).thenThrows('task.invalid-progress');
    spec.given(plan).when(progress(12.5)).thenThrows('task.invalid-progress');
    const aDone: ProjectEvent = { type: 'TaskStatusChanged', data: { taskId: 'a', status: 'done', previousStatus: 'todo' } };
    spec.given([...plan, aDone]).when(progress(100)).then([]);
    spec.given([...plan, aDone]).when(progress(90)).thenThrows('task.done');
  });
});

describe('plan: baseline and change requests', () => {
  it('takes a first baseline of every date and estimate, by a manager', () => {
    spec.given(plan).when({ type: 'BaselinePlan', data: { reason: 'Agreed at kickoff', changeId: null, by: 'pm' } }).then([baselined]);
    spec.given(plan).when({ type: 'BaselinePlan', data: { reason: 'x', changeId: null, by: 'dev' } }).thenThrows('project.forbidden');
  });

  it('re-baselines only with an approved change', () => {
    spec.given([...plan, baselined]).when({ type: 'BaselinePlan', data: { reason: 'x', changeId: null, by: 'pm' } }).thenThrows('plan.rebaseline-needs-change');
    spec
      .given([...plan, baselined, requested])
      .when({ type: 'BaselinePlan', data: { reason: 'x', changeId: 'c1', by: 'pm' } })
      .thenThrows('plan.rebaseline-needs-change');
    spec
      .given([...plan, baselined, requested, approved])
      .when({ type: 'BaselinePlan', data: { reason: 'Bilingual scope', changeId: 'c1', by: 'pm' } })
      .then([{ type: 'PlanBaselined', data: { number: 2, changeId: 'c1', reason: 'Bilingual scope', milestones: {}, tasks: {} } }]);
  });

  it('records in a new baseline only what it changes: the milestones and tasks whose baseline differs, or that are new', () => {
    const moved: ProjectEvent = { type: 'MilestoneRescheduled', data: { milestoneId: 'm1', dueDate: '2027-02-10', previousDueDate: '2027-02-01', changeId: 'c1' } };
    const edited: ProjectEvent = { type: 'TaskUpdated', data: { taskId: 'a', changes: { estimateHours: 24 } } };
    const retitled: ProjectEvent = { type: 'TaskUpdated', data: { taskId: 'b', changes: { title: 'Write the brief, twice' } } };
    const taskC: ProjectEvent = { type: 'TaskAdded', data: { taskId: 'c', ...fields({ title: 'Translate', startDate: null, dueDate: '2027-02-05', estimateHours: null }) } };
    const given = [...plan, baselined, requested, approved, moved, edited, retitled, taskC];
    const second: ProjectEvent = {
      type: 'PlanBaselined',
      data: {
        number: 2,
        changeId: 'c1',
        reason: 'Bilingual scope',
        milestones: { m1: '2027-02-10' },
        tasks: { a: { startDate: '2027-01-04', dueDate: '2027-01-08', estimateHours: 24 }, c: { startDate: null, dueDate: '2027-02-05', estimateHours: null } },
      },
    };
    spec.given(given).when({ type: 'BaselinePlan', data: { reason: 'Bilingual scope', changeId: 'c1', by: 'pm' } }).then([second]);

    // The baseline it leaves is the whole plan, the same as an event carrying every milestone and task (as events written before 2026-11-27 do).
    const fold = (events: ProjectEvent[]) => {
      const state = events.reduce(projectDecider.evolve, projectDecider.initialState());
      if (state.status === 'none') throw new Error('no project');
      return state;
    };
    const whole: ProjectEvent = {
      type: 'PlanBaselined',
      data: { ...(second.data as never as object), milestones: { m1: '2027-02-10' }, tasks: { ...(baselined.data as { tasks: object }).tasks, ...(second.data as { tasks: object }).tasks } } as never,
    };
    expect(fold([...given, second]).plan.baseline).toEqual(fold([...given, whole]).plan.baseline);
    expect(fold([...given, second]).plan.baseline).toEqual({
      number: 2,
      changeId: 'c1',
      milestones: { m1: '2027-02-10' },
      tasks: {
        a: { startDate: '2027-01-04', dueDate: '2027-01-08', estimateHours: 24 },
        b: { startDate: '2027-01-04', dueDate: '2027-01-08', estimateHours: 16 },
        c: { startDate: null, dueDate: '2027-02-05', estimateHours: null },
      },
    });
    // The rule reads the merged baseline: m1 now may move to 2027-02-10 and no later without another change.
    const move = (dueDate: string) => ({ type: 'RescheduleMilestone' as const, data: { milestoneId: 'm1', dueDate, changeId: null } });
    spec.given([...given, second]).when(move('2027-02-09')).then([{ type: 'MilestoneRescheduled', data: { milestoneId: 'm1', dueDate: '2027-02-09', previousDueDate: '2027-02-10', changeId: null } }]);
    spec.given([...given, second]).when(move('2027-02-11')).thenThrows('milestone.beyond-baseline');
  });

  it('records a change request with its impact in whole units', () => {
    spec.given(plan).when({ type: 'RequestChange', data: requested.data as never }).then([requested]);
    spec.given([...plan, requested]).when({ type: 'RequestChange', data: requested.data as never }).thenThrows('change.exists');
    spec
      .given(plan)
      .when({ type: 'RequestChange', data: { ...(requested.data as never as object), impact: { ...impact, costMinor: 10.5 } } as never })
      .thenThrows('change.invalid-impact');
  });

  it('lets a manager approve or reject a change once', () => {
    spec.given([...plan, requested]).when({ type: 'ApproveChange', data: { changeId: 'c1', reason: 'Budget agreed', by: 'pm' } }).then([approved]);
    spec
      .given([...plan, requested])
      .when({ type: 'RejectChange', data: { changeId: 'c1', reason: 'Out of scope', by: 'pm' } })
      .then([{ type: 'ChangeRejected', data: { changeId: 'c1', decidedBy: 'pm', reason: 'Out of scope' } }]);
    spec.given([...plan, requested]).when({ type: 'ApproveChange', data: { changeId: 'c1', reason: 'x', by: 'cli' } }).thenThrows('project.forbidden');
    spec.given([...plan, requested, approved]).when({ type: 'RejectChange', data: { changeId: 'c1', reason: 'x', by: 'pm' } }).thenThrows('change.decided');
    spec.given(plan).when({ type: 'ApproveChange', data: { changeId: 'c9', reason: 'x', by: 'pm' } }).thenThrows('change.not-found');
  });

  it('renames a phase, on the version the writer saw; the same name changes nothing', () => {
    spec
      .given([...project, phase])
      .when({ type: 'RenamePhase', data: { phaseId: 'ph1', name: 'Discovery and research', ifVersion: 1 } })
      .then([{ type: 'PhaseRenamed', data: { phaseId: 'ph1', name: 'Discovery and research', previousName: 'Discovery' } }]);
    spec.given([...project, phase]).when({ type: 'RenamePhase', data: { phaseId: 'ph1', name: 'Discovery' } }).then([]);
    const renamed: ProjectEvent = { type: 'PhaseRenamed', data: { phaseId: 'ph1', name: 'Research', previousName: 'Discovery' } };
    spec.given([...project, phase, renamed]).when({ type: 'RenamePhase', data: { phaseId: 'ph1', name: 'Again', ifVersion: 1 } }).thenThrows('phase.version-conflict');
    spec.given(project).when({ type: 'RenamePhase', data: { phaseId: 'nope', name: 'X' } }).thenThrows('phase.not-found');
  });

  it('needs the project to exist', () => {
    spec.given([]).when({ type: 'AddPhase', data: { phaseId: 'ph1', name: 'Discovery' } }).thenThrows('project.not-found');
  });
});

describe('calendar dates', () => {
  it('accepts real dates only', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2027-13-01')).toBe(false);
    expect(isCalendarDate('27-01-01')).toBe(false);
  });
});
