import {
  BadRequestException,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  SetMetadata,
  createParamDecorator,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { ProjectRole } from '@app/domain';
import { READ_STORE, type ProjectMembersDoc, type ReadStore } from '@app/read-models';
import type { Caller } from '../auth/auth.service';

export const PROJECT_ACCESS = 'project:access';

/** Which roles in the project may use this route. Every route under a project must say. */
export const ProjectAccess = (...roles: ProjectRole[]): MethodDecorator => SetMetadata(PROJECT_ACCESS, roles);

/** Shorthands for the policies of DOMAIN.md. */
export const Roles = {
  /** Everyone in the project: manager, member, client, auditor. */
  anyone: ['manager', 'member', 'client', 'auditor'] as ProjectRole[],
  /** The team's view: everyone but the client. */
  team: ['manager', 'member', 'auditor'] as ProjectRole[],
  /** Writes by the delivery team. */
  editors: ['manager', 'member'] as ProjectRole[],
  managers: ['manager'] as ProjectRole[],
};

export interface ProjectScope {
  readonly projectId: string;
  readonly role: ProjectRole;
  readonly project: ProjectMembersDoc;
  /** On a write: the decision it carries out, from the `Caused-By` header (a UUID; whether it is a decision of the project is checked on the write). */
  readonly causedBy?: string;
}

/** The request header by which a write names the decision it carries out; its events carry the decision's id as `causationId`. */
export const CAUSED_BY = 'caused-by';

export const PROJECT_NOT_FOUND = 'https://client-projects.dev/problems/project.not-found';

/**
 * Authorization for every route under `/projects/:projectId`: the caller's role
 * comes from the membership view. Not a member: 404, exactly as for a project
 * that does not exist. A role the route does not allow: 403. A route that
 * declares no policy is refused to everyone (and logged): closed by default.
 * Auditors never write, whatever a route declares.
 */
@Injectable()
export class ProjectAccessGuard implements CanActivate {
  private readonly logger = new Logger('ProjectAccess');

  constructor(
    private readonly reflector: Reflector,
    @Inject(READ_STORE) private readonly views: ReadStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { caller?: Caller; projectScope?: ProjectScope }>();
    const param: unknown = (request.params as Record<string, unknown> | undefined)?.projectId;
    if (param === undefined) return true;
    const projectId = typeof param === 'string' ? param : '';
    const caller = request.caller;
    const project = caller === undefined || !isUuid(projectId) ? null : await this.views.get<ProjectMembersDoc>('project_members', projectId);
    const role = caller === undefined ? undefined : project?.members[caller.userId]?.role;
    if (project === null || role === undefined) {
      throw new NotFoundException({ type: PROJECT_NOT_FOUND, message: 'No such project' });
    }
    const allowed = this.reflector.get<ProjectRole[] | undefined>(PROJECT_ACCESS, context.getHandler());
    if (allowed === undefined) {
      this.logger.error(`${request.method} ${request.routeOptions.url ?? request.url} declares no @ProjectAccess policy; refused`);
      throw new ForbiddenException('This route is not open to any role');
    }
    const writes = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
    if (!allowed.includes(role) || (role === 'auditor' && writes)) {
      throw new ForbiddenException(`Your role in this project (${role}) does not allow this`);
    }
    request.projectScope = { projectId, role, project, ...(writes ? causedBy(request.headers[CAUSED_BY]) : {}) };
    return true;
  }
}

/** The project and the caller's role in it, as the guard found them. */
export const CurrentProject = createParamDecorator((_data: unknown, context: ExecutionContext): ProjectScope => {
  const scope = context.switchToHttp().getRequest<{ projectScope?: ProjectScope }>().projectScope;
  if (scope === undefined) throw new Error('CurrentProject used on a route outside a project');
  return scope;
});

function causedBy(header: string | string[] | undefined): { causedBy?: string } {
  if (header === undefined) return {};
  const value = Array.isArray(header) ? null : header.trim().toLowerCase();
  if (value === null || !isUuid(value)) throw new BadRequestException('Caused-By must be the id of one decision of this project');
  return { causedBy: value };
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);
}
