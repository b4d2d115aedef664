import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FeedbackCommand } from '@app/domain';
import type { Caller } from '../auth/auth.service';
import type { ProjectScope } from '../projects/project-access';
import { ProjectWrites } from '../projects/project-writes';
import type { WriteResult } from '../projects/projects.service';
import type { AnswerFeedbackDto, SubmitFeedbackDto, SurveyDto } from './feedback.dto';

/** Client feedback and surveys: each request becomes commands on the project's stream. */
@Injectable()
export class FeedbackService {
  constructor(private readonly writes: ProjectWrites) {}

  async submit(scope: ProjectScope, caller: Caller, body: SubmitFeedbackDto) {
    const feedbackId = randomUUID();
    const data = { feedbackId, kind: body.kind, subject: body.subject, body: body.body ?? '', submittedBy: caller.userId };
    return { id: feedbackId, ...(await this.writes.run(scope, caller, [{ type: 'SubmitFeedback', data }])) };
  }

  /** An answer, a resolution, or both (answered, then resolved) in one atomic change. */
  answer(scope: ProjectScope, caller: Caller, feedbackId: string, body: AnswerFeedbackDto): Promise<WriteResult> {
    const commands: FeedbackCommand[] = [];
    if (body.response !== undefined) commands.push({ type: 'RespondToFeedback', data: { feedbackId, response: body.response, respondedBy: caller.userId } });
    if (body.resolution !== undefined) commands.push({ type: 'ResolveFeedback', data: { feedbackId, resolution: body.resolution, resolvedBy: caller.userId } });
    return this.writes.run(scope, caller, commands);
  }

  async survey(scope: ProjectScope, caller: Caller, body: SurveyDto) {
    const surveyId = randomUUID();
    const data = { surveyId, csat: body.csat, nps: body.nps, comment: body.comment ?? '', respondedBy: caller.userId };
    return { id: surveyId, ...(await this.writes.run(scope, caller, [{ type: 'RecordSurvey', data }])) };
  }
}
