import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Caller } from '../auth/auth.service';
import type { ProjectScope } from '../projects/project-access';
import { ProjectWrites } from '../projects/project-writes';
import type { WriteResult } from '../projects/projects.service';
import type { AcceptanceDto, CloseDto, DefineStandardDto, RecordCheckDto, ReopenDto } from './delivery.dto';

/** Quality, acceptance and closure: each request becomes a command on the project's stream. */
@Injectable()
export class DeliveryService {
  constructor(private readonly writes: ProjectWrites) {}

  async defineStandard(scope: ProjectScope, caller: Caller, body: DefineStandardDto) {
    const standardId = randomUUID();
    return { id: standardId, ...(await this.writes.run(scope, caller, [{ type: 'DefineQualityStandard', data: { standardId, ...body, definedBy: caller.userId } }])) };
  }

  async recordCheck(scope: ProjectScope, caller: Caller, body: RecordCheckDto) {
    const checkId = randomUUID();
    const data = { checkId, standardId: body.standardId, result: body.result, measured: body.measured ?? '', note: body.note ?? '', checkedBy: caller.userId };
    return { id: checkId, ...(await this.writes.run(scope, caller, [{ type: 'RecordQualityCheck', data }])) };
  }

  acceptance(scope: ProjectScope, caller: Caller, body: AcceptanceDto): Promise<WriteResult> {
    const note = body.note ?? '';
    return this.writes.run(scope, caller, [
      body.decision === 'accept' ? { type: 'AcceptDelivery', data: { by: caller.userId, note } } : { type: 'RefuseDelivery', data: { by: caller.userId, reasons: note } },
    ]);
  }

  close(scope: ProjectScope, caller: Caller, body: CloseDto): Promise<WriteResult> {
    return this.writes.run(scope, caller, [{ type: 'CloseProject', data: { by: caller.userId, note: body.note ?? '' } }]);
  }

  reopen(scope: ProjectScope, caller: Caller, body: ReopenDto): Promise<WriteResult> {
    return this.writes.run(scope, caller, [{ type: 'ReopenProject', data: { by: caller.userId, reason: body.reason } }]);
  }
}
