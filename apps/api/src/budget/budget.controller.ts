import { Body, Controller, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller } from '../auth/auth.decorators';
import type { Caller } from '../auth/auth.service';
import { IfMatch } from '../http/if-match';
import { ApiProblems } from '../openapi/api-problems';
import { CreatedDto } from '../plan/plan.dto';
import { CurrentProject, ProjectAccess, Roles, type ProjectScope } from '../projects/project-access';
import { WriteResultDto } from '../projects/projects.dto';
import { AddBudgetLineDto, RecordCostDto, ReviseBudgetDto } from './budget.dto';
import { BudgetService } from './budget.service';

@ApiTags('budget')
@ApiBearerAuth()
@Controller('projects/:projectId')
export class BudgetController {
  constructor(private readonly budget: BudgetService) {}

  @Post('budget-lines')
  @ProjectAccess(...Roles.managers)
  @ApiCreatedResponse({ type: CreatedDto })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async addLine(@CurrentProject() p: ProjectScope, @CurrentCaller() c: Caller, @Body() body: AddBudgetLineDto) {
    return this.budget.addLine(p, c, body);
  }

  @Patch('budget-lines/:lineId')
  @ProjectAccess(...Roles.managers)
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version of the line you saw: 412 if it changed since' })
  @ApiOkResponse({ type: WriteResultDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 429)
  async revise(
    @CurrentProject() p: ProjectScope,
    @CurrentCaller() c: Caller,
    @Param('lineId', new ParseUUIDPipe({ version: '4' })) lineId: string,
    @Body() body: ReviseBudgetDto,
    @IfMatch() ifVersion: number | undefined,
  ) {
    return this.budget.revise(p, c, lineId, body, ifVersion);
  }

  @Post('costs')
  @ProjectAccess(...Roles.editors)
  @ApiCreatedResponse({ type: CreatedDto, description: 'A cost entry, or with `corrects` a correction of one' })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async record(@CurrentProject() p: ProjectScope, @CurrentCaller() c: Caller, @Body() body: RecordCostDto) {
    return this.budget.record(p, c, body);
  }
}
