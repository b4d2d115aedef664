import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller } from '../auth/auth.decorators';
import type { Caller } from '../auth/auth.service';
import { ApiProblems } from '../openapi/api-problems';
import { CreatedDto } from '../plan/plan.dto';
import { CurrentProject, ProjectAccess, Roles, type ProjectScope } from '../projects/project-access';
import { WriteResultDto } from '../projects/projects.dto';
import { AcceptanceDto, CloseDto, DefineStandardDto, RecordCheckDto, ReopenDto } from './delivery.dto';
import { DeliveryService } from './delivery.service';


@ApiTags('quality and closure')
@ApiBearerAuth()
@Controller('projects/:projectId')
export class DeliveryController {
  constructor(private readonly delivery: DeliveryService) {}

  @Post('quality-standards')
  @ProjectAccess(...Roles.editors)
  @ApiCreatedResponse({ type: CreatedDto })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async defineStandard(@CurrentProject() p: ProjectScope, @CurrentCaller() c: Caller, @Body() body: DefineStandardDto) {
    return this.delivery.defineStandard(p, c, body);
  }

  @Post('quality-checks')
  @ProjectAccess(...Roles.editors)
  @ApiCreatedResponse({ type: CreatedDto })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async recordCheck(@CurrentProject() p: ProjectScope, @CurrentCaller() c: Caller, @Body() body: RecordCheckDto) {
    return this.delivery.recordCheck(p, c, body);
  }

  @Post('acceptance')
  @HttpCode(200)
  @ProjectAccess('client')
  @ApiOkResponse({ type: WriteResultDto, description: 'Accepted (every standard passed or waived) or refused with reasons' })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async acceptance(@CurrentProject() p: ProjectScope, @CurrentCaller() c: Caller, @Body() body: AcceptanceDto) {
    return this.delivery.acceptance(p, c, body);
  }

  @Post('close')
  @HttpCode(200)
  @ProjectAccess(...Roles.managers)
  @ApiOkResponse({ type: WriteResultDto, description: 'Closed: read-only until a manager reopens it' })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async close(@CurrentProject() p: ProjectScope, @CurrentCaller() c: Caller, @Body() body: CloseDto) {
    return this.delivery.close(p, c, body);
  }

  @Post('reopen')
  @HttpCode(200)
  @ProjectAccess(...Roles.managers)
  @ApiOkResponse({ type: WriteResultDto })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async reopen(@CurrentProject() p: ProjectScope, @CurrentCaller() c: Caller, @Body() body: ReopenDto) {
    return this.delivery.reopen(p, c, body);
  }
}
