import { BadRequestException, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { RiskChanges, RiskCommand } from '@app/domain';
import type { Caller } from '../auth/auth.service';
import type { ProjectScope } from '../projects/project-access';
import { ProjectWrites } from '../projects/project-writes';
import type { WriteResult } from '../projects/projects.service';
import type { EditRiskDto, IdentifyRiskDto } from './risks.dto';

/** The risk register: each request becomes commands on the project's stream. */
@Injectable()
export class RisksService {
  constructor(private readonly writes: ProjectWrites) {}

  async identify(scope: ProjectScope, caller: Caller, body: IdentifyRiskDto) {
    const riskId = randomUUID();
    const data = {
      riskId,
      title: body.title,
      description: body.description ?? '',
      category: body.category,
      probability: body.probability,
      impact: body.impact,
      ownerId: body.ownerId ?? null,
      mitigation: body.mitigation ?? '',
      contingency: body.contingency ?? '',
      internalOnly: body.internalOnly ?? false,
      identifiedBy: caller.userId,
    };
    return { id: riskId, ...(await this.writes.run(scope, caller, [{ type: 'IdentifyRisk', data }])) };
  }

  /** Fields, a re-assessment and a status change in one request are one atomic change; If-Match guards the first. */
  edit(scope: ProjectScope, caller: Caller, riskId: string, body: EditRiskDto, ifVersion?: number): Promise<WriteResult> {
    const { probability, impact, status, note, ...fields } = body;
    if ((probability === undefined) !== (impact === undefined)) {
      throw new BadRequestException('A re-assessment gives both probability and impact');
    }
    const changes = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as RiskChanges;
    const commands: RiskCommand[] = [];
    if (Object.keys(changes).length > 0) commands.push({ type: 'UpdateRisk', data: { riskId, changes } });
    if (status !== undefined) commands.push({ type: 'ChangeRiskStatus', data: { riskId, status, note: note ?? '' } });
    if (probability !== undefined && impact !== undefined) {
      commands.push({ type: 'ReassessRisk', data: { riskId, probability, impact, note: note ?? '' } });
    }
    if (commands.length > 0 && ifVersion !== undefined) {
      commands[0] = { ...commands[0], data: { ...commands[0]!.data, ifVersion } } as RiskCommand;
    }
    return this.writes.run(scope, caller, commands);
  }
}
