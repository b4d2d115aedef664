import { Controller, Get, Inject, NotFoundException, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { present, projectViews, READ_STORE, viewStoreName, type ProjectViewDoc, type ReadStore } from '@app/read-models';
import { ApiProblems } from '../openapi/api-problems';
import { CurrentProject, ProjectAccess, Roles, type ProjectScope } from '../projects/project-access';

export const VIEW_NOT_FOUND = 'https://client-projects.dev/problems/view.not-found';

export class ViewDto {
  @ApiProperty({ description: 'The project revision the view shows (-1: nothing yet)' }) revision!: number;
  @ApiProperty({ description: "The view in the caller's audience: its items, and `figures` computed from them", type: 'object', additionalProperties: true })
  data!: Record<string, unknown>;
}

/**
 * The boards of a project, each served in the caller's audience: a client gets
 * the client form (nothing internal, figures over what a client may see).
 */
@ApiTags('views')
@ApiBearerAuth()
@Controller('projects/:projectId/views')
export class ViewsController {
  constructor(@Inject(READ_STORE) private readonly store: ReadStore) {}

  @Get(':view')
  @ProjectAccess(...Roles.anyone)
  @ApiParam({ name: 'view', enum: Object.keys(projectViews) })
  @ApiOkResponse({ type: ViewDto })
  @ApiProblems(401, 404)
  async get(@CurrentProject() scope: ProjectScope, @Param('view') name: string): Promise<ViewDto> {
    const view = Object.prototype.hasOwnProperty.call(projectViews, name) ? projectViews[name] : undefined;
    const audience = scope.role === 'client' ? 'client' : 'team';
    const notFound = (): NotFoundException =>
      new NotFoundException({ type: VIEW_NOT_FOUND, message: `No view "${name}"; views are ${Object.keys(projectViews).join(', ')}` });
    if (view === undefined) throw notFound();
    const doc = await this.store.get<ProjectViewDoc>(viewStoreName(view), scope.projectId);
    const data = present(view, doc?.data ?? view.initial(scope.projectId), audience);
    // A view the client may not see does not exist for the client.
    if (data === null) throw notFound();
    return { revision: doc?.revision ?? -1, data };
  }
}
