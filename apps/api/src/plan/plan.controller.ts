import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller } from '../auth/auth.decorators';
import type { Caller } from '../auth/auth.service';
import { IfMatch } from '../http/if-match';
import { ApiProblems } from '../openapi/api-problems';
import { CurrentProject, ProjectAccess, Roles, type ProjectScope } from '../projects/project-access';
import { WriteResultDto } from '../projects/projects.dto';
import {
  AddMilestoneDto,
  AddPhaseDto,
  AddTaskDto,
  BaselineDto,
  CreatedDto,
  DecideChangeDto,
  EditMilestoneDto,
  EditTaskDto,
  RequestChangeDto,
} from './plan.dto';
import { PlanService } from './plan.service';

const uuid = new ParseUUIDPipe({ version: '4' });
const IF_MATCH = { name: 'If-Match', required: false, description: 'The version of the item you saw, e.g. "3": 412 if it changed since' };


@ApiTags('plan')
@ApiBearerAuth()
@Controller('projects/:projectId')
export class PlanController {
  constructor(private readonly plan: PlanService) {}

  @Post('phases')
  @ProjectAccess(...Roles.editors)
  @ApiCreatedResponse({ type: CreatedDto })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async addPhase(@CurrentProject() p: ProjectScope, @CurrentCaller() c: Caller, @Body() body: AddPhaseDto) {
    return this.plan.addPhase(p, c, body);
  }

  @Patch('phases/:phaseId')
  @ProjectAccess(...Roles.editors)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: WriteResultDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 429)
  async renamePhase(
    @CurrentProject() p: ProjectScope,
    @CurrentCaller() c: Caller,
    @Param('phaseId', uuid) phaseId: string,
    @Body() body: AddPhaseDto,
    @IfMatch() ifVersion: number | undefined,
  ) {
    return this.plan.renamePhase(p, c, phaseId, body, ifVersion);
  }

  @Post('milestones')
  @ProjectAccess(...Roles.editors)
  @ApiCreatedResponse({ type: CreatedDto })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async addMilestone(@CurrentProject() p: ProjectScope, @CurrentCaller() c: Caller, @Body() body: AddMilestoneDto) {
    return this.plan.addMilestone(p, c, body);
  }

  @Patch('milestones/:milestoneId')
  @ProjectAccess(...Roles.editors)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: WriteResultDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 429)
  async editMilestone(
    @CurrentProject() p: ProjectScope,
    @CurrentCaller() c: Caller,
    @Param('milestoneId', uuid) milestoneId: string,
    @Body() body: EditMilestoneDto,
    @IfMatch() ifVersion: number | undefined,
  ) {
    return this.plan.editMilestone(p, c, milestoneId, body, ifVersion);
  }

  @Post('tasks')
  @ProjectAccess(...Roles.editors)
  @ApiCreatedResponse({ type: CreatedDto })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async addTask(@CurrentProject() p: ProjectScope, @CurrentCaller() c: Caller, @Body() body: AddTaskDto) {
    return this.plan.addTask(p, c, body);
  }

  @Patch('tasks/:taskId')
  @ProjectAccess(...Roles.editors)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: WriteResultDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 429)
  async editTask(
    @CurrentProject() p: ProjectScope,
    @CurrentCaller() c: Caller,
    @Param('taskId', uuid) taskId: string,
    @Body() body: EditTaskDto,
    @IfMatch() ifVersion: number | undefined,
  ) {
    return this.plan.editTask(p, c, taskId, body, ifVersion);
  }


  @Post('changes')
  @ProjectAccess('manager', 'member', 'client')
  @ApiCreatedResponse({ type: CreatedDto, description: 'A change request, with its impact on scope, schedule and cost' })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async requestChange(@CurrentProject() p: ProjectScope, @CurrentCaller() c: Caller, @Body() body: RequestChangeDto) {
    return this.plan.requestChange(p, c, body);
  }

  @Patch('changes/:changeId')
  @ProjectAccess(...Roles.managers)
  @ApiOkResponse({ type: WriteResultDto, description: 'The change request approved or rejected' })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async decideChange(
    @CurrentProject() p: ProjectScope,
    @CurrentCaller() c: Caller,
    @Param('changeId', uuid) changeId: string,
    @Body() body: DecideChangeDto,
  ) {
    return this.plan.decideChange(p, c, changeId, body);
  }

  @Post('baseline')
  @ProjectAccess(...Roles.managers)
  @ApiCreatedResponse({ type: WriteResultDto, description: 'The plan as it stands becomes the baseline (again only with an approved change)' })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async baseline(@CurrentProject() p: ProjectScope, @CurrentCaller() c: Caller, @Body() body: BaselineDto) {
    return this.plan.baseline(p, c, body);
  }
}
