import { BadRequestException, Injectable } from '@nestjs/common';
import { DomainError, projectDecider, streamName, type ProjectCommand } from '@app/domain';
import { actorContext, type Caller } from '../auth/auth.service';
import { CommandExecutor, type CommandContext } from '../commands/command-executor';
import type { ProjectScope } from './project-access';

/** What a write answers: the project's revision after it, and the events it recorded. */
export interface WriteResult {
  readonly revision: number;
  readonly events: ReadonlyArray<{ readonly type: string; readonly revision: number }>;
}

/** Runs commands on a project's stream as the caller, in their role: one atomic append. */
@Injectable()
export class ProjectWrites {
  constructor(private readonly executor: CommandExecutor) {}

  async run(scope: ProjectScope, caller: Caller, commands: readonly ProjectCommand[]): Promise<WriteResult> {
    if (commands.length === 0) throw new BadRequestException('Nothing to change: the body names no field');
    const result = await this.executor.execute(streamName('project', scope.projectId), projectDecider, commands, await this.context(scope, caller));
    return { revision: result.revision, events: result.events };
  }

  /**
   * Who writes, in which role, and — when the request names one with
   * `Caused-By` — the decision the write carries out, which must be a decision
   * of the project (decisions are never removed, so one found now is there
   * when the events are appended).
   */
  async context(scope: ProjectScope, caller: Caller): Promise<CommandContext> {
    const context = actorContext(caller, scope.role);
    if (scope.causedBy === undefined) return context;
    const { state } = await this.executor.load(streamName('project', scope.projectId), projectDecider);
    if (state.status !== 'active' || !state.decisions.has(scope.causedBy)) {
      throw new DomainError('decision.not-found', 'Caused-By names no decision of this project', { decisionId: scope.causedBy });
    }
    return { ...context, causationId: scope.causedBy };
  }
}
