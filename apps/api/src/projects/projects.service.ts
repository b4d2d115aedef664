import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { normalizeEmail, projectDecider, streamName, type ProjectCommand, type ProjectRole } from '@app/domain';
import { AppConfigService } from '@app/config';
import {
  READ_STORE,
  type InvitationDoc,
  type MembershipsDoc,
  type ProjectMembersDoc,
  type ReadStore,
} from '@app/read-models';
import { actorContext, type Caller } from '../auth/auth.service';
import { TokenService } from '../auth/token.service';
import { CommandExecutor, type CommandContext, type CommandResult } from '../commands/command-executor';
import type { ProjectScope } from './project-access';
import { ProjectWrites, type WriteResult } from './project-writes';
import { People } from '../people/people';
import { PersonalData } from '../privacy/personal-data';

export type { WriteResult } from './project-writes';

/** Projects and who is in them. Every change is a command on the project's stream. */
@Injectable()
export class ProjectsService {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(READ_STORE) private readonly views: ReadStore,
    private readonly tokens: TokenService,
    private readonly config: AppConfigService,
    private readonly writes: ProjectWrites,
    private readonly personal: PersonalData,
    private readonly people: People,
  ) {}

  async create(caller: Caller, input: { name: string; currency: string }): Promise<{ id: string; revision: number }> {
    const projectId = randomUUID();
    const result = await this.run(
      projectId,
      { type: 'CreateProject', data: { projectId, name: input.name, currency: input.currency, createdBy: caller.userId, creatorEmail: caller.email } },
      actorContext(caller, 'manager'),
    );
    return { id: projectId, revision: result.revision };
  }

  async list(caller: Caller): Promise<Array<{ id: string; name: string; currency: string; role: ProjectRole }>> {
    const memberships = await this.views.get<MembershipsDoc>('memberships', caller.userId);
    const roles = memberships?.projects ?? {};
    const projects = await this.views.getMany<ProjectMembersDoc>('project_members', Object.keys(roles));
    return [...projects.values()]
      .map((project) => ({ id: project.projectId, name: project.name, currency: project.currency, role: roles[project.projectId]! }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }

  describe(scope: ProjectScope) {
    const { project, role } = scope;
    return { id: project.projectId, name: project.name, currency: project.currency, role, createdAt: project.createdAt };
  }

  /** The members with their address and name as they read now: `forgotten user` for whoever asked to be forgotten. */
  async members(scope: ProjectScope) {
    const members = Object.entries(scope.project.members);
    const [emails, names] = await Promise.all([this.personal.reveal(members.map(([, member]) => member.email)), this.people.names(members.map(([userId]) => userId))]);
    return members
      .map(([userId, member], i) => ({ userId, email: emails[i]!, name: names.get(userId) ?? null, role: member.role, since: member.since }))
      .sort((a, b) => a.email.localeCompare(b.email) || a.userId.localeCompare(b.userId));
  }

  async invite(scope: ProjectScope, caller: Caller, input: { email: string; role: ProjectRole }) {
    const invitationId = randomUUID();
    const { token, hash } = this.tokens.newInvitationToken();
    const expiresAt = new Date(Date.now() + this.config.values.auth.invitationTtlSeconds * 1000).toISOString();
    const result = await this.run(
      scope.projectId,
      {
        type: 'InviteMember',
        data: { invitationId, email: normalizeEmail(input.email), role: input.role, tokenHash: hash, expiresAt, invitedBy: caller.userId },
      },
      await this.writes.context(scope, caller),
    );
    return { invitationId, token, expiresAt, ...result };
  }

  /** The invitee, signed in with the invited address, joins the project. */
  async accept(caller: Caller, token: string) {
    const invitation = /^[A-Za-z0-9_-]{43}$/.test(token)
      ? await this.views.get<InvitationDoc>('invitations', this.tokens.hashInvitationToken(token))
      : null;
    if (invitation === null) throw new NotFoundException('No such invitation');
    const result = await this.run(
      invitation.projectId,
      { type: 'AcceptInvitation', data: { invitationId: invitation.invitationId, userId: caller.userId, email: caller.email, now: new Date().toISOString() } },
      actorContext(caller, 'invitee'),
    );
    return { projectId: invitation.projectId, role: invitation.role, ...result };
  }

  changeRole(scope: ProjectScope, caller: Caller, userId: string, role: ProjectRole): Promise<WriteResult> {
    return this.writes.run(scope, caller, [{ type: 'ChangeMemberRole', data: { userId, role, changedBy: caller.userId } }]);
  }

  remove(scope: ProjectScope, caller: Caller, userId: string): Promise<WriteResult> {
    return this.writes.run(scope, caller, [{ type: 'RemoveMember', data: { userId, removedBy: caller.userId } }]);
  }

  private async run(projectId: string, command: ProjectCommand, context: CommandContext): Promise<WriteResult> {
    const result: CommandResult = await this.executor.execute(streamName('project', projectId), projectDecider, command, context);
    return { revision: result.revision, events: result.events };
  }
}
