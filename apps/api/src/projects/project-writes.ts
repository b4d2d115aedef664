import { BadRequestException, Injectable } from '@nestjs/common';
import { projectDecider, streamName, type ProjectCommand } from '@app/domain';
import type { Caller } from '../auth/auth.service';
import { CommandExecutor } from '../commands/command-executor';
import type { ProjectScope } from './project-access';
import type { WriteResult } from './projects.service';

/** Runs commands on a project's stream as the caller, in their role: one atomic append. */
@Injectable()
export class ProjectWrites {
  constructor(private readonly executor: CommandExecutor) {}

  async run(scope: ProjectScope, caller: Caller, commands: readonly ProjectCommand[]): Promise<WriteResult> {
    if (commands.length === 0) throw new BadRequestException('Nothing to change: the body names no field');
    const result = await this.executor.execute(streamName('project', scope.projectId), projectDecider, commands, {
      actor: { id: caller.userId, role: scope.role },
    });
    return { revision: result.revision, events: result.events };
  }
}
