import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ProjectRole } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { READ_STORE, type ProjectMembersDoc, type ReadStore } from '@app/read-models';
import { AuthService, type Caller } from '../auth/auth.service';
import { ProjectsService } from '../projects/projects.service';

/** The accounts of the demo: one per role. Documented in README.md. */
export const DEMO_PASSWORD = 'demo password';
export const DEMO_ACCOUNTS: ReadonlyArray<{ email: string; name: string; role: ProjectRole }> = [
  { email: 'manager@demo.example.com', name: 'Mara Manager', role: 'manager' },
  { email: 'member@demo.example.com', name: 'Milo Member', role: 'member' },
  { email: 'client@demo.example.com', name: 'Clara Client', role: 'client' },
  { email: 'auditor@demo.example.com', name: 'Aldo Auditor', role: 'auditor' },
];
export const DEMO_PROJECT = { name: 'Website relaunch for Contoso Ltd', currency: 'EUR' };

/**
 * Creates the demo on first start with an empty store, through the same
 * services every request uses: sign-ups, a project, invitations accepted.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger('Demo');

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly views: ReadStore,
    private readonly auth: AuthService,
    private readonly projects: ProjectsService,
  ) {}

  /** Returns the demo project's id, or `null` when the store already held something. */
  async seedIfEmpty(): Promise<string | null> {
    if ((await this.events.headPosition()) !== null) return null;
    const callers = new Map<ProjectRole, Caller>();
    for (const account of DEMO_ACCOUNTS) {
      const { userId } = await this.auth.signup({ email: account.email, password: DEMO_PASSWORD, name: account.name });
      callers.set(account.role, { userId, sessionId: 'demo-seed', email: account.email, name: account.name, accessExpiresAt: null });
    }
    const manager = callers.get('manager')!;
    const { id } = await this.projects.create(manager, DEMO_PROJECT);
    for (const account of DEMO_ACCOUNTS.filter((a) => a.role !== 'manager')) {
      const project = (await this.views.get<ProjectMembersDoc>('project_members', id))!;
      const invitation = await this.projects.invite({ projectId: id, role: 'manager', project }, manager, account);
      await this.projects.accept(callers.get(account.role)!, invitation.token);
    }
    this.logger.log(
      `Demo project "${DEMO_PROJECT.name}" created. Sign in as ${DEMO_ACCOUNTS.map((a) => a.email).join(', ')} ` +
        `with the password "${DEMO_PASSWORD}".`,
    );
    return id;
  }
}
