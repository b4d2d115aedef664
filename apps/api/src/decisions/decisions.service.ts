import { BadRequestException, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DecisionCommand, DecisionOption } from '@app/domain';
import type { Caller } from '../auth/auth.service';
import type { ProjectScope } from '../projects/project-access';
import { ProjectWrites } from '../projects/project-writes';
import type { WriteResult } from '../projects/projects.service';
import type { ActOnDecisionDto, DecisionOptionDto, ProposeDecisionDto } from './decisions.dto';

function toOption(body: DecisionOptionDto): DecisionOption {
  return {
    optionId: randomUUID(),
    title: body.title,
    pros: body.pros ?? '',
    cons: body.cons ?? '',
    risks: body.risks ?? '',
    benefits: body.benefits ?? '',
    costMinor: body.costMinor ?? 0,
  };
}

/** The decision log: each request becomes commands on the project's stream. */
@Injectable()
export class DecisionsService {
  constructor(private readonly writes: ProjectWrites) {}

  /** A proposal and the options it comes with, in one atomic append. */
  async propose(scope: ProjectScope, caller: Caller, body: ProposeDecisionDto) {
    const decisionId = randomUUID();
    const options = (body.options ?? []).map(toOption);
    const commands: DecisionCommand[] = [
      { type: 'ProposeDecision', data: { decisionId, title: body.title, context: body.context ?? '', proposedBy: caller.userId, supersedes: body.supersedes ?? null } },
      ...options.map((option): DecisionCommand => ({ type: 'AddDecisionOption', data: { decisionId, ...option } })),
    ];
    const result = await this.writes.run(scope, caller, commands);
    return { id: decisionId, optionIds: options.map((o) => o.optionId), ...result };
  }

  async addOption(scope: ProjectScope, caller: Caller, decisionId: string, body: DecisionOptionDto) {
    const option = toOption(body);
    const result = await this.writes.run(scope, caller, [{ type: 'AddDecisionOption', data: { decisionId, ...option } }]);
    return { id: option.optionId, ...result };
  }

  /** Makes the decision (`chosenOptionId`) or supersedes it (`supersededBy`): one or the other. */
  act(scope: ProjectScope, caller: Caller, decisionId: string, body: ActOnDecisionDto, ifVersion?: number): Promise<WriteResult> {
    const choosing = body.chosenOptionId !== undefined;
    const superseding = body.supersededBy !== undefined;
    if (choosing === superseding) throw new BadRequestException('Give either chosenOptionId (to decide) or supersededBy (to supersede)');
    if (body.rationale === undefined) throw new BadRequestException('rationale says why: it is kept with the decision');
    const command: DecisionCommand = choosing
      ? {
          type: 'MakeDecision',
          data: { decisionId, optionId: body.chosenOptionId!, rationale: body.rationale, by: caller.userId, participants: body.participants ?? [], ifVersion },
        }
      : { type: 'SupersedeDecision', data: { decisionId, supersededBy: body.supersededBy!, reason: body.rationale, by: caller.userId } };
    return this.writes.run(scope, caller, [command]);
  }
}
