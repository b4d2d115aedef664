import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller } from '../auth/auth.decorators';
import type { Caller } from '../auth/auth.service';
import { IfMatch } from '../http/if-match';
import { ApiProblems } from '../openapi/api-problems';
import { CreatedDto } from '../plan/plan.dto';
import { CurrentProject, ProjectAccess, Roles, type ProjectScope } from '../projects/project-access';
import { WriteResultDto } from '../projects/projects.dto';
import { DecisionHistoryService } from './decision-history';
import { ActOnDecisionDto, DecisionHistoryDto, DecisionOptionDto, ProposeDecisionDto } from './decisions.dto';
import { DecisionsService } from './decisions.service';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('decisions')
@ApiBearerAuth()
@Controller('projects/:projectId/decisions')
export class DecisionsController {
  constructor(
    private readonly decisions: DecisionsService,
    private readonly histories: DecisionHistoryService,
  ) {}

  @Post()
  @ProjectAccess(...Roles.editors)
  @ApiCreatedResponse({ type: CreatedDto, description: 'Proposed, with its options (their ids in optionIds)' })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async propose(@CurrentProject() p: ProjectScope, @CurrentCaller() c: Caller, @Body() body: ProposeDecisionDto) {
    return this.decisions.propose(p, c, body);
  }

  @Post(':decisionId/options')
  @ProjectAccess(...Roles.editors)
  @ApiCreatedResponse({ type: CreatedDto })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async addOption(
    @CurrentProject() p: ProjectScope,
    @CurrentCaller() c: Caller,
    @Param('decisionId', uuid) decisionId: string,
    @Body() body: DecisionOptionDto,
  ) {
    return this.decisions.addOption(p, c, decisionId, body);
  }

  @Patch(':decisionId')
  @ProjectAccess(...Roles.managers)
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version of the decision you saw: 412 if it changed since' })
  @ApiOkResponse({ type: WriteResultDto, description: 'Decided (chosenOptionId) or superseded (supersededBy)' })
  @ApiProblems(400, 401, 403, 404, 409, 412, 429)
  async act(
    @CurrentProject() p: ProjectScope,
    @CurrentCaller() c: Caller,
    @Param('decisionId', uuid) decisionId: string,
    @Body() body: ActOnDecisionDto,
    @IfMatch() ifVersion: number | undefined,
  ) {
    return this.decisions.act(p, c, decisionId, body, ifVersion);
  }

  @Get(':decisionId/history')
  @ProjectAccess(...Roles.team)
  @ApiOperation({ summary: 'Every event that touched the decision and every write that carried it out (`Caused-By`), with who and when (team and auditors)' })
  @ApiOkResponse({ type: DecisionHistoryDto })
  @ApiProblems(400, 401, 403, 404)
  history(@CurrentProject() p: ProjectScope, @Param('decisionId', uuid) decisionId: string): Promise<DecisionHistoryDto> {
    return this.histories.history(p.projectId, decisionId) as Promise<DecisionHistoryDto>;
  }
}
