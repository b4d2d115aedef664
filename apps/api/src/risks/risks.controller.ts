import { Body, Controller, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller } from '../auth/auth.decorators';
import type { Caller } from '../auth/auth.service';
import { IfMatch } from '../http/if-match';
import { ApiProblems } from '../openapi/api-problems';
import { CreatedDto } from '../plan/plan.dto';
import { CurrentProject, ProjectAccess, Roles, type ProjectScope } from '../projects/project-access';
import { WriteResultDto } from '../projects/projects.dto';
import { EditRiskDto, IdentifyRiskDto } from './risks.dto';
import { RisksService } from './risks.service';

@ApiTags('risks')
@ApiBearerAuth()
@Controller('projects/:projectId/risks')
export class RisksController {
  constructor(private readonly risks: RisksService) {}

  @Post()
  @ProjectAccess(...Roles.editors)
  @ApiCreatedResponse({ type: CreatedDto })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async identify(@CurrentProject() p: ProjectScope, @CurrentCaller() c: Caller, @Body() body: IdentifyRiskDto) {
    return this.risks.identify(p, c, body);
  }

  @Patch(':riskId')
  @ProjectAccess(...Roles.editors)
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version of the risk you saw, e.g. "3": 412 if it changed since' })
  @ApiOkResponse({ type: WriteResultDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 429)
  async edit(
    @CurrentProject() p: ProjectScope,
    @CurrentCaller() c: Caller,
    @Param('riskId', new ParseUUIDPipe({ version: '4' })) riskId: string,
    @Body() body: EditRiskDto,
    @IfMatch() ifVersion: number | undefined,
  ) {
    return this.risks.edit(p, c, riskId, body, ifVersion);
  }
}
