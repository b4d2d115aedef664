import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Res, HttpCode } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentCaller } from '../auth/auth.decorators';
import type { Caller } from '../auth/auth.service';
import { ApiProblems } from '../openapi/api-problems';
import {
  AcceptedDto,
  ChangeRoleDto,
  CreateProjectDto,
  InvitationDto,
  InviteMemberDto,
  MemberListDto,
  ProjectCreatedDto,
  ProjectDto,
  ProjectListDto,
  WriteResultDto,
} from './projects.dto';
import { CurrentProject, ProjectAccess, Roles, type ProjectScope } from './project-access';
import { ProjectsService, type WriteResult } from './projects.service';


@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Post()
  @ApiCreatedResponse({ type: ProjectCreatedDto, description: 'Created; the caller is its manager. `Location` names it.' })
  @ApiProblems(400, 401, 413, 429)
  async create(@CurrentCaller() caller: Caller, @Body() body: CreateProjectDto, @Res({ passthrough: true }) response: FastifyReply) {
    const created = await this.projects.create(caller, body);
    response.header('Location', `/api/projects/${created.id}`);
    return created;
  }

  @Get()
  @ApiOkResponse({ type: ProjectListDto, description: 'Only the projects where the caller has a role' })
  @ApiProblems(401)
  async list(@CurrentCaller() caller: Caller): Promise<ProjectListDto> {
    return { items: await this.projects.list(caller) };
  }

  @Get(':projectId')
  @ProjectAccess(...Roles.anyone)
  @ApiOkResponse({ type: ProjectDto })
  @ApiProblems(401, 404)
  get(@CurrentProject() scope: ProjectScope): ProjectDto {
    return this.projects.describe(scope);
  }

  @Get(':projectId/members')
  @ProjectAccess(...Roles.anyone)
  @ApiOkResponse({ type: MemberListDto })
  @ApiProblems(401, 404)
  async members(@CurrentProject() scope: ProjectScope): Promise<MemberListDto> {
    return { items: await this.projects.members(scope) };
  }

  @Post(':projectId/members')
  @ProjectAccess(...Roles.managers)
  @ApiCreatedResponse({ type: InvitationDto, description: 'Invited; the token is what the invitation e-mail carries' })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async invite(
    @CurrentProject() scope: ProjectScope,
    @CurrentCaller() caller: Caller,
    @Body() body: InviteMemberDto,
  ) {
    return this.projects.invite(scope, caller, body);
  }

  @Patch(':projectId/members/:userId')
  @ProjectAccess(...Roles.managers)
  @ApiOkResponse({ type: WriteResultDto })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async changeRole(
    @CurrentProject() scope: ProjectScope,
    @CurrentCaller() caller: Caller,
    @Param('userId', new ParseUUIDPipe({ version: '4' })) userId: string,
    @Body() body: ChangeRoleDto,
  ): Promise<WriteResult> {
    return this.projects.changeRole(scope, caller, userId, body.role);
  }

  @Delete(':projectId/members/:userId')
  @ProjectAccess(...Roles.managers)
  @ApiOkResponse({ type: WriteResultDto })
  @ApiProblems(401, 403, 404, 409, 429)
  async remove(
    @CurrentProject() scope: ProjectScope,
    @CurrentCaller() caller: Caller,
    @Param('userId', new ParseUUIDPipe({ version: '4' })) userId: string,
  ): Promise<WriteResult> {
    return this.projects.remove(scope, caller, userId);
  }
}

@ApiTags('projects')
@ApiBearerAuth()
@Controller('invitations')
export class InvitationsController {
  constructor(private readonly projects: ProjectsService) {}

  @Post(':token/accept')
  @HttpCode(200)
  @ApiOkResponse({ type: AcceptedDto, description: 'Joined the project with the invited role' })
  @ApiProblems(401, 404, 409, 429)
  async accept(@CurrentCaller() caller: Caller, @Param('token') token: string, @Res({ passthrough: true }) response: FastifyReply) {
    return this.projects.accept(caller, token);
  }
}
