import { BadRequestException, Controller, ForbiddenException, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsInt, IsOptional, Min } from 'class-validator';
import { compare, type Operation } from 'fast-json-patch';
import { audienceOf, present, projectViews, READ_STORE, viewStoreName, type ProjectView, type ProjectViewDoc, type ReadStore } from '@app/read-models';
import { ApiProblems } from '../openapi/api-problems';
import { CurrentProject, ProjectAccess, Roles, type ProjectScope } from '../projects/project-access';
import { ViewHistory, type Moment } from './view-history';

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

export class ViewDiffQueryDto {
  @ApiProperty({ description: 'The revision the patch starts from', minimum: 0 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  from!: number;

  @ApiProperty({ description: 'The revision the patch leads to (before `from` too: a patch back in time)', minimum: 0 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  to!: number;
}

export class JsonPatchOperationDto {
  @ApiProperty({ enum: ['add', 'remove', 'replace', 'move', 'copy', 'test'] }) op!: string;
  @ApiProperty({ description: 'JSON Pointer (RFC 6901) into the view', example: '/tasks/7d2f…/title' }) path!: string;
  @ApiPropertyOptional({ description: 'The new value (add, replace, test)' }) value?: unknown;
  @ApiPropertyOptional({ description: 'JSON Pointer to the source (move, copy)' }) from?: string;
}

export class ViewDiffDto {
  @ApiProperty({ example: 'board' }) view!: string;
  @ApiProperty({ description: 'The revision the patch applies to' }) from!: number;
  @ApiProperty({ description: 'The revision it leads to' }) to!: number;
  @ApiProperty({ type: [JsonPatchOperationDto], description: 'RFC 6902 JSON Patch: applied to `…/views/:view?at=<from>`’s `data`, it gives `…?at=<to>`’s' })
  ops!: Operation[];
}

/**
 * The boards of a project, each served in the caller's audience: a client gets
 * the client form (nothing internal, figures over what a client may see).
 * Earlier states, and what changed between two, are for the team and
 * auditors; they are folded from the log by `ViewHistory` (docs/audit.md).
 */
@ApiTags('views')
@ApiBearerAuth()
@ApiExtraModels(JsonPatchOperationDto)
@Controller('projects/:projectId/views')
export class ViewsController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly history: ViewHistory,
  ) {}

  @Get(':view')
  @ProjectAccess(...Roles.anyone)
  @ApiParam({ name: 'view', enum: Object.keys(projectViews) })
  @ApiOkResponse({ type: ViewDto })
  @ApiProblems(400, 401, 403, 404)
  async get(@CurrentProject() scope: ProjectScope, @Param('view') name: string, @Query() query: ViewQueryDto): Promise<ViewDto> {
    const view = viewNamed(name);
    if (query.at !== undefined || query.asOf !== undefined) {
      if (scope.role === 'client') throw new ForbiddenException('Earlier states of a view are for the team and auditors');
      if (query.at !== undefined && query.asOf !== undefined) throw new BadRequestException('Give either at (a revision) or asOf (an instant), not both');
      const moment: Moment = query.at !== undefined ? { revision: query.at } : { instant: Date.parse(query.asOf!) };
      const folded = await this.history.at(scope.projectId, view, moment);
      if (query.at !== undefined) reached(folded.revision, query.at);
      return { revision: folded.revision, data: shown(view, folded.data, scope) };
    }
    const doc = await this.store.get<ProjectViewDoc>(viewStoreName(view), scope.projectId);
    return { revision: doc?.revision ?? -1, data: shown(view, doc?.data ?? view.initial(scope.projectId), scope) };
  }

  /**
   * What changed in a view between two revisions, as the caller's audience
   * sees it: the RFC 6902 patch from the one to the other — the same kind of
   * patch `/live` sends, over any span.
   */
  @Get(':view/diff')
  @ProjectAccess(...Roles.team)
  @ApiOperation({ summary: 'What changed in a view between two revisions, as an RFC 6902 JSON Patch (team and auditors)' })
  @ApiParam({ name: 'view', enum: Object.keys(projectViews) })
  @ApiOkResponse({ type: ViewDiffDto })
  @ApiProblems(400, 401, 403, 404)
  async diff(@CurrentProject() scope: ProjectScope, @Param('view') name: string, @Query() query: ViewDiffQueryDto): Promise<ViewDiffDto> {
    const view = viewNamed(name);
    const before = await this.history.at(scope.projectId, view, { revision: query.from });
    reached(before.revision, query.from);
    const after = await this.history.at(scope.projectId, view, { revision: query.to });
    reached(after.revision, query.to);
    // As the caller receives them: JSON, so the patch never refers to a value JSON drops.
    const [a, b] = [asJson(shown(view, before.data, scope)), asJson(shown(view, after.data, scope))];
    return { view: view.name, from: query.from, to: query.to, ops: compare(a, b) };
  }
}

function viewNamed(name: string): ProjectView<unknown> {
  const view = Object.prototype.hasOwnProperty.call(projectViews, name) ? projectViews[name] : undefined;
  if (view === undefined) throw viewNotFound(name);
  return view;
}

function viewNotFound(name: string): NotFoundException {
  return new NotFoundException({ type: VIEW_NOT_FOUND, message: `No view "${name}"; views are ${Object.keys(projectViews).join(', ')}` });
}

/** The view in the caller's audience. A view the client may not see does not exist for the client. */
function shown(view: ProjectView<unknown>, data: unknown, scope: ProjectScope): Record<string, unknown> {
  const presented = present(view, data, audienceOf(scope.role));
  if (presented === null) throw viewNotFound(view.name);
  return presented;
}

/** A fold that stopped short of the revision asked for: the project has not reached it. */
function reached(revision: number, wanted: number): void {
  if (revision < wanted) {
    throw new NotFoundException({ type: REVISION_NOT_FOUND, message: `The project is at revision ${revision}; it has no revision ${wanted} yet`, currentRevision: revision });
  }
}

function asJson(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
