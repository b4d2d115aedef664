import { BadRequestException, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { RecordCommand } from '@app/domain';
import type { Caller } from '../auth/auth.service';
import type { ProjectScope } from '../projects/project-access';
import { ProjectWrites } from '../projects/project-writes';
import type { WriteResult } from '../projects/projects.service';
import type { AddDocumentDto, EditDocumentDto, EvaluationDto, LessonDto, PostCommentDto, StatusReportDto } from './records.dto';

/** Documents, comments, status reports, evaluations and lessons: each request becomes commands on the project's stream. */
@Injectable()
export class RecordsService {
  constructor(private readonly writes: ProjectWrites) {}

  async addDocument(scope: ProjectScope, caller: Caller, body: AddDocumentDto) {
    const documentId = randomUUID();
    const data = { documentId, kind: body.kind, title: body.title, location: body.location, sharedWithClient: body.sharedWithClient ?? false, addedBy: caller.userId };
    return { id: documentId, ...(await this.writes.run(scope, caller, [{ type: 'AddDocument', data }])) };
  }

  /** A new version (location and summary) and/or the sharing flag, in one atomic change. */
  editDocument(scope: ProjectScope, caller: Caller, documentId: string, body: EditDocumentDto): Promise<WriteResult> {
    if ((body.location === undefined) !== (body.summary === undefined)) throw new BadRequestException('A new version gives both location and summary');
    const commands: RecordCommand[] = [];
    if (body.location !== undefined && body.summary !== undefined) {
      commands.push({ type: 'ReviseDocument', data: { documentId, location: body.location, summary: body.summary, revisedBy: caller.userId } });
    }
    if (body.sharedWithClient !== undefined) commands.push({ type: 'ShareDocument', data: { documentId, sharedWithClient: body.sharedWithClient, by: caller.userId } });
    return this.writes.run(scope, caller, commands);
  }

  async comment(scope: ProjectScope, caller: Caller, body: PostCommentDto) {
    const commentId = randomUUID();
    return { id: commentId, ...(await this.writes.run(scope, caller, [{ type: 'PostComment', data: { commentId, on: { ...body.on }, body: body.body, by: caller.userId } }])) };
  }

  async report(scope: ProjectScope, caller: Caller, body: StatusReportDto) {
    const reportId = randomUUID();
    const data = { reportId, period: body.period, summary: body.summary, nextSteps: body.nextSteps ?? '', by: caller.userId };
    return { id: reportId, ...(await this.writes.run(scope, caller, [{ type: 'PublishStatusReport', data }])) };
  }

  async evaluate(scope: ProjectScope, caller: Caller, body: EvaluationDto) {
    const evaluationId = randomUUID();
    const data = { evaluationId, phaseId: body.phaseId ?? null, schedule: body.schedule, cost: body.cost, quality: body.quality, satisfaction: body.satisfaction, notes: body.notes ?? '', by: caller.userId };
    return { id: evaluationId, ...(await this.writes.run(scope, caller, [{ type: 'EvaluatePhase', data }])) };
  }

  async lesson(scope: ProjectScope, caller: Caller, body: LessonDto) {
    const lessonId = randomUUID();
    return { id: lessonId, ...(await this.writes.run(scope, caller, [{ type: 'RecordLesson', data: { lessonId, title: body.title, lesson: body.lesson, by: caller.userId } }])) };
  }
}
