import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { FORGOTTEN, sealedSubject } from '@app/audit';
import { DomainError, emailClaimDecider, streamName, userDecider } from '@app/domain';
import { READ_STORE, type MembershipsDoc, type ProjectMembersDoc, type ReadStore, type UserDoc } from '@app/read-models';
import { actorContext, AuthService, type Caller } from '../auth/auth.service';
import { CommandExecutor } from '../commands/command-executor';
import { PersonalData } from './personal-data';

export const WRONG_PASSWORD = 'https://client-projects.dev/problems/user.wrong-password';

/**
 * The right to be forgotten (docs/privacy.md): a user erases their own
 * personal data. Their key is deleted, so their address, name and password
 * hash read `forgotten user` wherever the log and the views hold them, while
 * every stored event, and so every hash, stays as it was. The log then records
 * that they were forgotten (no personal data in it), every session ends, and
 * the address is released for a new sign-up.
 */
@Injectable()
export class ErasureService {
  constructor(
    @Inject(READ_STORE) private readonly views: ReadStore,
    private readonly personal: PersonalData,
    private readonly auth: AuthService,
    private readonly executor: CommandExecutor,
  ) {}

  async forget(caller: Caller, password: string): Promise<void> {
    const user = await this.views.get<UserDoc>('users', caller.userId);
    const subject = sealedSubject(user?.email);
    if (user === null || subject === null) {
      throw new DomainError('user.not-erasable', 'This account was registered before personal data was sealed: its data cannot be erased by deleting a key');
    }
    // Once the key is gone the password cannot be checked: an erasure cut short is completed for whoever still holds a session.
    const [email] = await this.personal.reveal([user.email]);
    if (email !== FORGOTTEN) {
      await this.assertPassword(caller.userId, email!, password);
      await this.assertNotLastManager(caller.userId);
    }

    await this.personal.forget(subject);
    this.executor.forgetStates();
    const self = actorContext(caller, 'self');
    await this.executor.execute(streamName('user', caller.userId), userDecider, { type: 'ForgetUser', data: { userId: caller.userId } }, self);
    await this.executor.execute(streamName('email', subject), emailClaimDecider, { type: 'ReleaseEmail', data: { userId: caller.userId } }, self);
  }

  private async assertPassword(userId: string, email: string, password: string): Promise<void> {
    if ((await this.auth.passwordOwner(email, password)) !== userId) {
      throw new ForbiddenException({ type: WRONG_PASSWORD, message: 'Wrong password: erasing an account takes its password' });
    }
  }

  /** A project keeps a manager: whoever manages one alone hands it over first. */
  private async assertNotLastManager(userId: string): Promise<void> {
    const memberships = await this.views.get<MembershipsDoc>('memberships', userId);
    const managed = Object.entries(memberships?.projects ?? {}).flatMap(([projectId, role]) => (role === 'manager' ? [projectId] : []));
    const projects = await this.views.getMany<ProjectMembersDoc>('project_members', managed);
    const alone = [...projects.values()].filter((project) => Object.values(project.members).filter((member) => member.role === 'manager').length === 1);
    if (alone.length > 0) {
      throw new DomainError('user.last-manager', 'You are the only manager of a project: make someone else its manager first', {
        projects: alone.map((project) => ({ id: project.projectId, name: project.name })),
      });
    }
  }
}
