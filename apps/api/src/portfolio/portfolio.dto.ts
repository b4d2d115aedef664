import { ApiProperty } from '@nestjs/swagger';
import { ProjectRoles, type ProjectRole } from '@app/domain';

const nullableNumber = (description: string) => ({ type: Number, nullable: true, description });

/** The KPIs of DOMAIN.md 25, each as the project's own view computes it; `null` where the project has nothing to measure yet. */
export class PortfolioKpisDto {
  @ApiProperty(nullableNumber('Of the milestones reached, the share reached on or before their baseline date (board)')) onTimeMilestoneRate!: number | null;
  @ApiProperty(nullableNumber('Cost performance index EV / AC (budget)')) cpi!: number | null;
  @ApiProperty(nullableNumber('Schedule performance index EV / PV (budget)')) spi!: number | null;
  @ApiProperty(nullableNumber('Mean satisfaction, 1–5 (feedback)')) csat!: number | null;
  @ApiProperty(nullableNumber('Net promoter score, −100 to 100 (feedback)')) nps!: number | null;
  @ApiProperty(nullableNumber('Mean hours from a feedback item to its first answer (feedback)')) averageResponseHours!: number | null;
  @ApiProperty(nullableNumber('Mean hours from a feedback item to its resolution (feedback)')) averageResolutionHours!: number | null;
  @ApiProperty(nullableNumber('Share of feedback items answered within the response target (feedback)')) responseWithinTargetShare!: number | null;
  @ApiProperty(nullableNumber('Sum of probability × impact over open and mitigating risks (risks); in `averages`, the mean per project')) riskExposure!: number | null;
  @ApiProperty(nullableNumber('Of the quality standards whose latest check passed or failed, the share that passed (quality)')) qualityPassRate!: number | null;
}

export class PortfolioRowDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ enum: ProjectRoles, description: "The caller's role in it" }) role!: ProjectRole;
  @ApiProperty({ enum: ['team', 'client'], description: 'The forms of the views the row was computed from: a client’s, from client forms only' }) audience!: 'team' | 'client';
  @ApiProperty({ description: 'Every KPI of the row shows the project at least at this revision (-1: nothing yet)' }) revision!: number;
  @ApiProperty({ type: PortfolioKpisDto }) kpis!: PortfolioKpisDto;
}

export class PortfolioTotalsDto {
  @ApiProperty() projects!: number;
  @ApiProperty({ description: 'Risk exposure summed over the projects' }) riskExposure!: number;
}

/** KPIs across the caller's projects. */
export class PortfolioDto {
  @ApiProperty({ type: [PortfolioRowDto], description: 'One row per project where the caller has a role, by name' }) items!: PortfolioRowDto[];
  @ApiProperty({ type: PortfolioTotalsDto }) totals!: PortfolioTotalsDto;
  @ApiProperty({ type: PortfolioKpisDto, description: 'Each KPI averaged over the projects that have a value for it (each project counts once); `null` where none has' })
  averages!: PortfolioKpisDto;
}
