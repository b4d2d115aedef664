import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { projectDecider, streamName, type PlanCommand, type TaskChanges } from '@app/domain';
import { CommandExecutor } from '../commands/command-executor';
import type { Caller } from '../auth/auth.service';
import type { ProjectScope } from '../projects/project-access';
import { ProjectWrites } from '../projects/project-writes';
import type { WriteResult } from '../projects/projects.service';
import type {
  AddMilestoneDto,
  AddPhaseDto,
  AddTaskDto,
  BaselineDto,
  DecideChangeDto,
  EditMilestoneDto,
  EditTaskDto,
  RequestChangeDto,
} from './plan.dto';

/** The plan and change control: each request becomes commands on the project's stream. */
@Injectable()
export class PlanService {
  constructor(
    private readonly writes: ProjectWrites,
    private readonly executor: CommandExecutor,
  ) {}

  /**
   * The project's change requests in the order they were made, with their impact and
   * status. The client's form has no cost impact (a client sees no money), like its views.
   */
  async addPhase(scope: ProjectScope, caller: Caller, body: AddPhaseDto) {
    const phaseId = randomUUID();
    return { id: phaseId, ...(await this.run(scope, caller, [{ type: 'AddPhase', data: { phaseId, name: body.name } }])) };
  }

  async addMilestone(scope: ProjectScope, caller: Caller, body: AddMilestoneDto) {
    const milestoneId = randomUUID();
    const data = { milestoneId, phaseId: body.phaseId ?? null, name: body.name, dueDate: body.dueDate };
    return { id: milestoneId, ...(await this.run(scope, caller, [{ type: 'AddMilestone', data }])) };
  }

  renamePhase(scope: ProjectScope, caller: Caller, phaseId: string, body: AddPhaseDto, ifVersion?: number): Promise<WriteResult> {
    return this.run(scope, caller, [{ type: 'RenamePhase', data: { phaseId, name: body.name, ifVersion } }]);
  }

  editMilestone(scope: ProjectScope, caller: Caller, milestoneId: string, body: EditMilestoneDto, ifVersion?: number): Promise<WriteResult> {
    const commands: PlanCommand[] = [];
    if (body.dueDate !== undefined) {
      commands.push({ type: 'RescheduleMilestone', data: { milestoneId, dueDate: body.dueDate, changeId: body.changeId ?? null, ifVersion } });
    }
    if (body.reachedOn !== undefined) commands.push({ type: 'MarkMilestoneReached', data: { milestoneId, reachedOn: body.reachedOn } });
    return this.run(scope, caller, commands);
  }

  async addTask(scope: ProjectScope, caller: Caller, body: AddTaskDto) {
    const taskId = randomUUID();
    const data = {
      taskId,
      title: body.title,
      description: body.description ?? '',
      phaseId: body.phaseId ?? null,
      assigneeId: body.assigneeId ?? null,
      startDate: body.startDate ?? null,
      dueDate: body.dueDate ?? null,
      estimateHours: body.estimateHours ?? null,
      dependsOn: body.dependsOn ?? [],
    };
    return { id: taskId, ...(await this.run(scope, caller, [{ type: 'AddTask', data }])) };
  }

  /** Fields, status and progress in one request are one atomic change; If-Match guards the first. */
  editTask(scope: ProjectScope, caller: Caller, taskId: string, body: EditTaskDto, ifVersion?: number): Promise<WriteResult> {
    const { status, percentDone, ...fields } = body;
    const changes = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as TaskChanges;
    const commands: PlanCommand[] = [];
    if (Object.keys(changes).length > 0) commands.push({ type: 'UpdateTask', data: { taskId, changes } });
    if (status !== undefined) commands.push({ type: 'ChangeTaskStatus', data: { taskId, status } });
    if (percentDone !== undefined) commands.push({ type: 'ReportTaskProgress', data: { taskId, percentDone } });
    if (commands.length > 0 && ifVersion !== undefined) {
      commands[0] = { ...commands[0], data: { ...commands[0]!.data, ifVersion } } as PlanCommand;
    }
    return this.run(scope, caller, commands);
  }

  async requestChange(scope: ProjectScope, caller: Caller, body: RequestChangeDto) {
    const changeId = randomUUID();
    const data = { changeId, title: body.title, description: body.description ?? '', impact: { ...body.impact }, requestedBy: caller.userId };
    return { id: changeId, ...(await this.run(scope, caller, [{ type: 'RequestChange', data }])) };
  }

  decideChange(scope: ProjectScope, caller: Caller, changeId: string, body: DecideChangeDto): Promise<WriteResult> {
    const data = { changeId, reason: body.reason, by: caller.userId };
    return this.run(scope, caller, [body.decision === 'approve' ? { type: 'ApproveChange', data } : { type: 'RejectChange', data }]);
  }

  baseline(scope: ProjectScope, caller: Caller, body: BaselineDto): Promise<WriteResult> {
    return this.run(scope, caller, [{ type: 'BaselinePlan', data: { reason: body.reason, changeId: body.changeId ?? null, by: caller.userId } }]);
  }

  private run(scope: ProjectScope, caller: Caller, commands: PlanCommand[]): Promise<WriteResult> {
    return this.writes.run(scope, caller, commands);
  }

}
