import { Body, Controller, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller } from '../auth/auth.decorators';
import type { Caller } from '../auth/auth.service';
import { ApiProblems } from '../openapi/api-problems';
import { CreatedDto } from '../plan/plan.dto';
import { CurrentProject, ProjectAccess, Roles, type ProjectScope } from '../projects/project-access';
import { WriteResultDto } from '../projects/projects.dto';
import { AnswerFeedbackDto, SubmitFeedbackDto, SurveyDto } from './feedback.dto';
import { FeedbackService } from './feedback.service';

@ApiTags('feedback')
@ApiBearerAuth()
@Controller('projects/:projectId')
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Post('feedback')
  @ProjectAccess('manager', 'member', 'client')
  @ApiCreatedResponse({ type: CreatedDto, description: 'A request, issue, question or praise from the client (or logged for them)' })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async submit(@CurrentProject() p: ProjectScope, @CurrentCaller() c: Caller, @Body() body: SubmitFeedbackDto) {
    return this.feedback.submit(p, c, body);
  }

  @Patch('feedback/:feedbackId')
  @ProjectAccess(...Roles.editors)
  @ApiOkResponse({ type: WriteResultDto, description: 'Answered and/or resolved' })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async answer(
    @CurrentProject() p: ProjectScope,
    @CurrentCaller() c: Caller,
    @Param('feedbackId', new ParseUUIDPipe({ version: '4' })) feedbackId: string,
    @Body() body: AnswerFeedbackDto,
  ) {
    return this.feedback.answer(p, c, feedbackId, body);
  }

  @Post('surveys')
  @ProjectAccess('client')
  @ApiCreatedResponse({ type: CreatedDto, description: "The client's satisfaction: CSAT 1–5, NPS 0–10" })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  async survey(@CurrentProject() p: ProjectScope, @CurrentCaller() c: Caller, @Body() body: SurveyDto) {
    return this.feedback.survey(p, c, body);
  }
}
