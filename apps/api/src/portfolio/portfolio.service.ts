import {
  audienceOf,
  boardView,
  budgetView,
  feedbackView,
  present,
  qualityView,
  risksView,
  viewStoreName,
  type Audience,
  type BoardFigures,
  type BudgetFigures,
  type FeedbackFigures,
  type ProjectView,
  type ProjectViewDoc,
  type QualityFigures,
  type ReadStore,
  type RisksFigures,
} from '@app/read-models';
import type { Caller } from '../auth/auth.service';
import type { ProjectsService } from '../projects/projects.service';
import type { PortfolioDto, PortfolioKpisDto, PortfolioRowDto } from './portfolio.dto';

/** The views the KPIs come from. */
const SOURCES = { board: boardView, budget: budgetView, feedback: feedbackView, risks: risksView, quality: qualityView } as const;
type Source = keyof typeof SOURCES;

/** Each project's views in the caller's audience, as the views route serves them: their figures, `null` for a view the audience has no form of. */
interface Figures {
  readonly board: BoardFigures | null;
  readonly budget: BudgetFigures | null;
  readonly feedback: FeedbackFigures | null;
  readonly risks: RisksFigures | null;
  readonly quality: QualityFigures | null;
}

/** Each KPI: where it is read from, and to how many decimals its average is given. */
const KPIS: { readonly [K in keyof PortfolioKpisDto]: { readonly of: (figures: Figures) => number | null | undefined; readonly decimals: number } } = {
  onTimeMilestoneRate: { of: (f) => f.board?.onTimeMilestoneRate, decimals: 3 },
  cpi: { of: (f) => f.budget?.earnedValue.cpi, decimals: 2 },
  spi: { of: (f) => f.budget?.earnedValue.spi, decimals: 2 },
  csat: { of: (f) => f.feedback?.csatAverage, decimals: 2 },
  nps: { of: (f) => f.feedback?.nps, decimals: 1 },
  averageResponseHours: { of: (f) => f.feedback?.averageResponseHours, decimals: 2 },
  averageResolutionHours: { of: (f) => f.feedback?.averageResolutionHours, decimals: 2 },
  responseWithinTargetShare: { of: (f) => f.feedback?.withinTargetShare, decimals: 3 },
  riskExposure: { of: (f) => f.risks?.exposure, decimals: 2 },
  qualityPassRate: { of: (f) => f.quality?.passRate, decimals: 3 },
};

const round = (value: number, decimals: number): number => Math.round(value * 10 ** decimals) / 10 ** decimals;

/**
 * KPIs across the caller's projects (DOMAIN.md 25): one row per project where
 * the caller has a role, each computed from that project's stored views in the
 * caller's audience for it — a client's row from client forms only, by the
 * views' own figures — plus totals and averages over the rows.
 */
export class PortfolioService {
  constructor(
    private readonly store: ReadStore,
    private readonly projects: Pick<ProjectsService, 'list'>,
  ) {}

  async of(caller: Caller): Promise<PortfolioDto> {
    const projects = await this.projects.list(caller);
    const ids = projects.map((project) => project.id);
    const docs = new Map(
      await Promise.all(
        (Object.keys(SOURCES) as Source[]).map(async (source) => [source, await this.store.getMany<ProjectViewDoc>(viewStoreName(SOURCES[source]), ids)] as const),
      ),
    );
    const items = projects.map((project): PortfolioRowDto => {
      const audience = audienceOf(project.role);
      const found = (Object.keys(SOURCES) as Source[]).map((source) => ({ source, doc: docs.get(source)!.get(project.id) }));
      const figures = Object.fromEntries(
        found.map(({ source, doc }) => [source, figuresOf(SOURCES[source], doc?.data ?? SOURCES[source].initial(project.id), audience)]),
      ) as unknown as Figures;
      const kpis = Object.fromEntries(Object.entries(KPIS).map(([kpi, { of }]) => [kpi, of(figures) ?? null])) as unknown as PortfolioKpisDto;
      return { id: project.id, name: project.name, currency: project.currency, role: project.role, audience, revision: Math.min(...found.map(({ doc }) => doc?.revision ?? -1)), kpis: { ...kpis, riskExposure: kpis.riskExposure ?? 0 } };
    });
    const averages = Object.fromEntries(
      Object.entries(KPIS).map(([kpi, { decimals }]) => {
        const values = items.map((row) => row.kpis[kpi as keyof PortfolioKpisDto]).filter((value): value is number => value !== null);
        return [kpi, values.length === 0 ? null : round(values.reduce((sum, value) => sum + value, 0) / values.length, decimals)];
      }),
    ) as unknown as PortfolioKpisDto;
    return { items, totals: { projects: items.length, riskExposure: items.reduce((sum, row) => sum + (row.kpis.riskExposure ?? 0), 0) }, averages };
  }
}

function figuresOf(view: ProjectView<unknown>, data: unknown, audience: Audience): unknown {
  return present(view, data, audience)?.figures ?? null;
}
