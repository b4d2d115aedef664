import { BadRequestException, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Caller } from '../auth/auth.service';
import type { ProjectScope } from '../projects/project-access';
import { ProjectWrites } from '../projects/project-writes';
import type { WriteResult } from '../projects/projects.service';
import type { AddBudgetLineDto, RecordCostDto, ReviseBudgetDto } from './budget.dto';

/** Budget lines and cost entries: each request becomes commands on the project's stream. */
@Injectable()
export class BudgetService {
  constructor(private readonly writes: ProjectWrites) {}

  async addLine(scope: ProjectScope, caller: Caller, body: AddBudgetLineDto) {
    const lineId = randomUUID();
    const data = { lineId, category: body.category, name: body.name, amount: { ...body.amount }, by: caller.userId };
    return { id: lineId, ...(await this.writes.run(scope, caller, [{ type: 'AddBudgetLine', data }])) };
  }

  revise(scope: ProjectScope, caller: Caller, lineId: string, body: ReviseBudgetDto, ifVersion?: number): Promise<WriteResult> {
    return this.writes.run(scope, caller, [{ type: 'ReviseBudget', data: { lineId, amount: { ...body.amount }, reason: body.reason, by: caller.userId, ifVersion } }]);
  }

  /** An ordinary cost, or (with `corrects`) a correction: a new entry, never an edit. */
  async record(scope: ProjectScope, caller: Caller, body: RecordCostDto) {
    const costId = randomUUID();
    const amount = { ...body.amount };
    if (body.corrects !== undefined) {
      if (body.reason === undefined) throw new BadRequestException('A correction says why (reason)');
      const data = { costId, correctsCostId: body.corrects, amount, reason: body.reason, incurredOn: body.incurredOn, recordedBy: caller.userId };
      return { id: costId, ...(await this.writes.run(scope, caller, [{ type: 'CorrectCost', data }])) };
    }
    if (body.lineId === undefined || body.description === undefined) {
      throw new BadRequestException('A cost names its budget line (lineId) and says what it was (description)');
    }
    const data = { costId, lineId: body.lineId, amount, description: body.description, incurredOn: body.incurredOn, recordedBy: caller.userId };
    return { id: costId, ...(await this.writes.run(scope, caller, [{ type: 'RecordCost', data }])) };
  }
}
