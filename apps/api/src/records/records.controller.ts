import { Body, Controller, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller } from '../auth/auth.decorators';
import type { Caller } from '../auth/auth.service';
import { ApiProblems } from '../openapi/api-problems';
import { CreatedDto } from '../plan/plan.dto';
import { CurrentProject, ProjectAccess, Roles, type ProjectScope } from '../projects/project-access';
import { WriteResultDto } from '../projects/projects.dto';
import { AddDocumentDto, EditDocumentDto, EvaluationDto, LessonDto, PostCommentDto, StatusReportDto } from './records.dto';
import { RecordsService } from './records.service';


@ApiTags('records')
@ApiBearerAuth()
@Controller('projects/:projectId')
export class RecordsController {
  constructor(private readonly records: RecordsService) {}

  @Post('documents')
  @ProjectAccess(...Roles.editors)
  @ApiCreatedResponse({ type: CreatedDto })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async addDocument(@CurrentProject() p: ProjectScope, @CurrentCaller() c: Caller, @Body() body: AddDocumentDto) {
    return this.records.addDocument(p, c, body);
  }

  @Patch('documents/:documentId')
  @ProjectAccess(...Roles.editors)
  @ApiOkResponse({ type: WriteResultDto, description: 'A new version, and/or shared with the client or not (managers)' })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async editDocument(
    @CurrentProject() p: ProjectScope,
    @CurrentCaller() c: Caller,
    @Param('documentId', new ParseUUIDPipe({ version: '4' })) documentId: string,
    @Body() body: EditDocumentDto,
  ) {
    return this.records.editDocument(p, c, documentId, body);
  }

  @Post('comments')
  @ProjectAccess('manager', 'member', 'client')
  @ApiCreatedResponse({ type: CreatedDto, description: 'A comment on any item of the project' })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async comment(@CurrentProject() p: ProjectScope, @CurrentCaller() c: Caller, @Body() body: PostCommentDto) {
    return this.records.comment(p, c, body);
  }

  @Post('status-reports')
  @ProjectAccess(...Roles.managers)
  @ApiCreatedResponse({ type: CreatedDto, description: 'Published to the client' })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async report(@CurrentProject() p: ProjectScope, @CurrentCaller() c: Caller, @Body() body: StatusReportDto) {
    return this.records.report(p, c, body);
  }

  @Post('evaluations')
  @ProjectAccess(...Roles.managers)
  @ApiCreatedResponse({ type: CreatedDto, description: 'A phase evaluation, or the final one (no phaseId)' })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async evaluate(@CurrentProject() p: ProjectScope, @CurrentCaller() c: Caller, @Body() body: EvaluationDto) {
    return this.records.evaluate(p, c, body);
  }

  @Post('lessons')
  @ProjectAccess(...Roles.editors)
  @ApiCreatedResponse({ type: CreatedDto })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async lesson(@CurrentProject() p: ProjectScope, @CurrentCaller() c: Caller, @Body() body: LessonDto) {
    return this.records.lesson(p, c, body);
  }
}
