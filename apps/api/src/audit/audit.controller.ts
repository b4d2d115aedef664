import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../openapi/api-problems';
import { CurrentProject, ProjectAccess, Roles, type ProjectScope } from '../projects/project-access';
import { AuditLog } from './audit-log';
import { AuditEventsPageDto, AuditEventsQueryDto, AuditVerificationDto, ProjectEventsQueryDto } from './audit.dto';
import { AuditService } from './audit.service';

export const NDJSON = 'application/x-ndjson';

/**
 * Tamper evidence (docs/audit.md): the project's hash chain verified, or
 * exported as an NDJSON bundle that `npm run audit:verify` checks offline.
 * For the team and auditors, like the full log: the bundle holds every event.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('projects/:projectId/audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly log: AuditLog,
  ) {}

  @Get('events')
  @ProjectAccess(...Roles.team)
  @ApiOperation({ summary: "The project's events a page at a time, newest or oldest first, with who (their name now), when, ids, hash and data: the audit timeline" })
  @ApiOkResponse({ type: AuditEventsPageDto })
  @ApiProblems(400, 401, 403, 404)
  async events(@CurrentProject() scope: ProjectScope, @Query() query: AuditEventsQueryDto): Promise<AuditEventsPageDto> {
    return this.log.page(scope.projectId, query) as Promise<AuditEventsPageDto>;
  }

  @Get('verify')
  @ProjectAccess(...Roles.team)
  @ApiOperation({ summary: "Walks the project's hash chain from revision 0 and names the first broken revision" })
  @ApiOkResponse({ type: AuditVerificationDto })
  @ApiProblems(401, 403, 404)
  async verify(@CurrentProject() scope: ProjectScope): Promise<AuditVerificationDto> {
    return this.audit.verify(scope.projectId);
  }

  @Get('export')
  @ProjectAccess(...Roles.team)
  @ApiOperation({ summary: 'The project’s events with their hashes as NDJSON: a header (project, range, final hash), then one event per line' })
  @ApiProduces(NDJSON)
  @ApiOkResponse({ description: 'The bundle, streamed; `npm run audit:verify -- <file>` checks it offline', content: { [NDJSON]: { schema: { type: 'string' } } } })
  @ApiProblems(401, 403, 404)
  async export(@CurrentProject() scope: ProjectScope): Promise<StreamableFile> {
    return new StreamableFile(await this.audit.export(scope.projectId), {
      type: NDJSON,
      disposition: `attachment; filename="project-${scope.projectId}-audit.ndjson"`,
    });
  }
}

/**
 * `GET /api/projects/:id/events?after=<revision>&limit=<n>` as API.md names
 * it: the ordered log with metadata, oldest first, for the team and auditors.
 * The same page as the audit timeline's `?order=oldest` (who, when, ids,
 * hash, data), `next` passed back as `after`.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('projects/:projectId')
export class ProjectEventsController {
  constructor(private readonly log: AuditLog) {}

  @Get('events')
  @ProjectAccess(...Roles.team)
  @ApiOperation({ summary: "The project's ordered log with metadata, oldest first, a page at a time (`next` is the next page's `after`)" })
  @ApiOkResponse({ type: AuditEventsPageDto })
  @ApiProblems(400, 401, 403, 404)
  async events(@CurrentProject() scope: ProjectScope, @Query() query: ProjectEventsQueryDto): Promise<AuditEventsPageDto> {
    return this.log.page(scope.projectId, { ...query, order: 'oldest' }) as Promise<AuditEventsPageDto>;
  }
}
