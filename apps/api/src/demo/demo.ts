import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ProjectRole } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { READ_STORE, type ProjectMembersDoc, type ReadStore } from '@app/read-models';
import { AuthService, type Caller } from '../auth/auth.service';
import { BudgetService } from '../budget/budget.service';
import { DecisionsService } from '../decisions/decisions.service';
import { DeliveryService } from '../delivery/delivery.service';
import { FeedbackService } from '../feedback/feedback.service';
import { EditTaskDto } from '../plan/plan.dto';
import { PlanService } from '../plan/plan.service';
import type { ProjectScope } from '../projects/project-access';
import { ProjectsService } from '../projects/projects.service';
import { RisksService } from '../risks/risks.service';

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
    private readonly plan: PlanService,
    private readonly risks: RisksService,
    private readonly decisions: DecisionsService,
    private readonly budget: BudgetService,
    private readonly feedback: FeedbackService,
    private readonly delivery: DeliveryService,
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
    await this.content(id, callers);
    this.logger.log(
      `Demo project "${DEMO_PROJECT.name}" created. Sign in as ${DEMO_ACCOUNTS.map((a) => a.email).join(', ')} ` +
        `with the password "${DEMO_PASSWORD}".`,
    );
    return id;
  }

  /**
   * What a project a few weeks in looks like: a phased plan with dependencies
   * and progress, a baseline, risks, a decision, budget and costs (with a
   * correction), quality standards, the client's feedback and a change request.
   */
  private async content(projectId: string, people: Map<ProjectRole, Caller>): Promise<void> {
    const mara = people.get('manager')!;
    const milo = people.get('member')!;
    const clara = people.get('client')!;
    const project = (await this.views.get<ProjectMembersDoc>('project_members', projectId))!;
    const as = (role: ProjectRole): ProjectScope => ({ projectId, role, project });
    const pm = as('manager');
    const team = as('member');
    const client = as('client');
    const edit = (changes: Partial<EditTaskDto>): EditTaskDto => Object.assign(new EditTaskDto(), changes);
    const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

    const phases: Record<string, string> = {};
    for (const name of ['Discovery', 'Design', 'Build', 'Launch']) phases[name] = (await this.plan.addPhase(pm, mara, { name })).id;
    const milestone = async (name: string, phase: string, due: number) =>
      (await this.plan.addMilestone(pm, mara, { name, phaseId: phases[phase]!, dueDate: day(due) })).id;
    const briefSignedOff = await milestone('Brief signed off', 'Discovery', -14);
    await milestone('Design approved', 'Design', 7);
    await milestone('Beta live', 'Build', 35);
    await milestone('Go-live', 'Launch', 56);

    const task = async (title: string, phase: string, start: number, due: number, hours: number, assignee: Caller, dependsOn: string[] = []) =>
      (
        await this.plan.addTask(team, milo, {
          title,
          phaseId: phases[phase]!,
          assigneeId: assignee.userId,
          startDate: day(start),
          dueDate: day(due),
          estimateHours: hours,
          dependsOn,
        })
      ).id;
    const interviews = await task('Interview stakeholders', 'Discovery', -28, -21, 16, mara);
    const brief = await task('Write the project brief', 'Discovery', -21, -14, 12, mara, [interviews]);
    const sitemap = await task('Draft the sitemap', 'Design', -13, -6, 10, milo, [brief]);
    const wireframes = await task('Wireframe the key pages', 'Design', -6, 4, 32, milo, [sitemap]);
    const visual = await task('Visual design', 'Design', 0, 10, 40, milo, [wireframes]);
    const cms = await task('Set up the CMS', 'Build', 8, 20, 24, milo, [visual]);
    await task('Build the page templates', 'Build', 12, 32, 80, milo, [cms]);
    await task('Migrate the content', 'Build', 20, 34, 40, mara, [cms]);
    for (const done of [interviews, brief, sitemap]) await this.plan.editTask(team, milo, done, edit({ status: 'done' }));
    await this.plan.editTask(team, milo, wireframes, edit({ status: 'in_progress', percentDone: 60 }));
    await this.plan.editMilestone(pm, mara, briefSignedOff, { reachedOn: day(-14) });
    await this.plan.baseline(pm, mara, { reason: 'Plan agreed with the client at the end of Discovery' });

    await this.risks.identify(team, milo, {
      title: 'Client content arrives late',
      category: 'client',
      probability: 4,
      impact: 4,
      ownerId: mara.userId,
      mitigation: 'Content plan with dates agreed in week 1; copywriter on standby',
      contingency: 'Launch with placeholder copy on secondary pages',
    });
    await this.risks.identify(team, milo, {
      title: 'Key designer unavailable in December',
      category: 'resource',
      probability: 2,
      impact: 4,
      ownerId: mara.userId,
      mitigation: 'Second designer paired from the wireframes on',
      internalOnly: true,
    });
    await this.risks.identify(team, milo, {
      title: 'Slow pages on older phones',
      category: 'technical',
      probability: 3,
      impact: 3,
      ownerId: milo.userId,
      mitigation: 'Performance budget per template; test on a mid-range phone every sprint',
    });

    const cmsChoice = await this.decisions.propose(team, milo, {
      title: 'Which content management system?',
      context: 'Contoso edits news weekly and product pages monthly; two editors, no developer.',
      options: [
        { title: 'Hosted headless CMS', pros: 'No servers; good editor', cons: 'Monthly licence', costMinor: 4_900_00 },
        { title: 'Static site with Markdown', pros: 'Cheapest; fastest pages', cons: 'Editors need Git', costMinor: 0 },
      ],
    });
    await this.decisions.act(pm, mara, cmsChoice.id, {
      chosenOptionId: cmsChoice.optionIds[0],
      rationale: 'Editors must publish without us; the licence fits the budget',
      participants: [milo.userId, clara.userId],
    });

    const eur = (amountMinor: number) => ({ amountMinor, currency: DEMO_PROJECT.currency });
    const design = (await this.budget.addLine(pm, mara, { category: 'labour', name: 'Design', amount: eur(28_000_00) })).id;
    await this.budget.addLine(pm, mara, { category: 'labour', name: 'Development', amount: eur(46_000_00) });
    const hosting = (await this.budget.addLine(pm, mara, { category: 'services', name: 'CMS licence and hosting', amount: eur(3_600_00) })).id;
    await this.budget.record(team, milo, { lineId: design, amount: eur(9_600_00), description: 'Discovery and sitemap, 12 days', incurredOn: day(-7) });
    const licence = await this.budget.record(team, milo, { lineId: hosting, amount: eur(5_900_00), description: 'CMS licence, first year', incurredOn: day(-2) });
    await this.budget.record(team, milo, { corrects: licence.id, amount: eur(-1_000_00), reason: 'Annual plan discount applied on the final invoice', incurredOn: day(-1) });

    await this.delivery.defineStandard(team, milo, { deliverable: 'Website', dimension: 'performance', criterion: 'Home page load', threshold: 'p95 ≤ 2 s on a mid-range phone over 4G' });
    await this.delivery.defineStandard(team, milo, { deliverable: 'Website', dimension: 'usability', criterion: 'Accessibility', threshold: 'WCAG 2.2 AA on every template' });

    const question = await this.feedback.submit(client, clara, { kind: 'question', subject: 'Can we see the wireframes before Friday?', body: 'Our board meets on Friday morning.' });
    await this.feedback.answer(team, milo, question.id, { response: 'Yes: a clickable version on Thursday at noon.', resolution: 'Shared Thursday; the board approved the direction.' });
    await this.feedback.submit(client, clara, { kind: 'request', subject: 'A French version of the site', body: 'Our Montreal office asked for it.' });
    await this.plan.requestChange(client, clara, {
      title: 'French version of the site',
      description: 'Every page in French, with a language switch.',
      impact: { scope: 'Translate and maintain every page in French', scheduleDays: 15, costMinor: 8_500_00 },
    });
    await this.feedback.survey(client, clara, { csat: 4, nps: 8, comment: 'Responsive team; keep the weekly demos.' });
  }
}
