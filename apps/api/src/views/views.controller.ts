import { BadRequestException, Controller, ForbiddenException, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsInt, IsOptional, Min } from 'class-validator';
import { streamName } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { audienceOf, present, projectViews, READ_STORE, viewStoreName, type ProjectView, type ProjectViewDoc, type ReadStore } from '@app/read-models';
import { ApiProblems } from '../openapi/api-problems';
import { CurrentProject, ProjectAccess, Roles, type ProjectScope } from '../projects/project-access';

export const VIEW_NOT_FOUND = 'https://client-projects.dev/problems/view.not-found';
export const REVISION_NOT_FOUND = 'https://client-projects.dev/problems/revision.not-found';

export class ViewDto {
  @ApiProperty({ description: 'The project revision the view shows (-1: nothing yet)' }) revision!: number;
  @ApiProperty({ description: "The view in the caller's audience: its items, and `figures` computed from them", type: 'object', additionalProperties: true })
  data!: Record<string, unknown>;
}

export class ViewQueryDto {
  @ApiPropertyOptional({ description: 'The view as it was at this project revision (team and auditors)', minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  at?: number;

  @ApiPropertyOptional({ description: 'The view as it was at this instant: after the last event recorded at or before it (team and auditors)', example: '2027-01-15T12:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  asOf?: string;
}

/**
 * The boards of a project, each served in the caller's audience: a client gets
 * the client form (nothing internal, figures over what a client may see).
 */
@ApiTags('views')
@ApiBearerAuth()
@Controller('projects/:projectId/views')
export class ViewsController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  @Get(':view')
  @ProjectAccess(...Roles.anyone)
  @ApiParam({ name: 'view', enum: Object.keys(projectViews) })
  @ApiOkResponse({ type: ViewDto })
  @ApiProblems(400, 401, 403, 404)
  async get(@CurrentProject() scope: ProjectScope, @Param('view') name: string, @Query() query: ViewQueryDto): Promise<ViewDto> {
    const view = Object.prototype.hasOwnProperty.call(projectViews, name) ? projectViews[name] : undefined;
    const audience = audienceOf(scope.role);
    const notFound = (): NotFoundException =>
      new NotFoundException({ type: VIEW_NOT_FOUND, message: `No view "${name}"; views are ${Object.keys(projectViews).join(', ')}` });
    if (view === undefined) throw notFound();
    if (query.at !== undefined || query.asOf !== undefined) return this.travel(scope, view, query, notFound);
    const doc = await this.store.get<ProjectViewDoc>(viewStoreName(view), scope.projectId);
    const data = present(view, doc?.data ?? view.initial(scope.projectId), audience);
    // A view the client may not see does not exist for the client.
    if (data === null) throw notFound();
    return { revision: doc?.revision ?? -1, data };
  }

  /**
   * Time travel: the view folded from the log up to a revision, or up to the
   * last event recorded at or before an instant — the same view code as the
   * projector and live updates. For the team and auditors.
   */
  private async travel(scope: ProjectScope, view: ProjectView<unknown>, query: ViewQueryDto, notFound: () => NotFoundException): Promise<ViewDto> {
    if (scope.role === 'client') throw new ForbiddenException('Earlier states of a view are for the team and auditors');
    if (query.at !== undefined && query.asOf !== undefined) throw new BadRequestException('Give either at (a revision) or asOf (an instant), not both');
    const until = query.asOf === undefined ? null : Date.parse(query.asOf);
    const data = view.initial(scope.projectId);
    let revision = -1;
    for await (const event of this.events.readStream(streamName('project', scope.projectId), query.at === undefined ? {} : { to: query.at })) {
      if (until !== null && Date.parse(event.recordedAt) > until) break;
      view.apply(data, event);
      revision = event.revision;
    }
    if (query.at !== undefined && revision < query.at) {
      throw new NotFoundException({ type: REVISION_NOT_FOUND, message: `The project is at revision ${revision}; it has no revision ${query.at} yet` });
    }
    const shown = present(view, data, 'team');
    if (shown === null) throw notFound();
    return { revision, data: shown };
  }
}
