import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { READ_STORE, type ReadStore } from '@app/read-models';
import { CurrentCaller } from '../auth/auth.decorators';
import type { Caller } from '../auth/auth.service';
import { ApiProblems } from '../openapi/api-problems';
import { ProjectsService } from '../projects/projects.service';
import { PortfolioDto } from './portfolio.dto';
import { PortfolioService } from './portfolio.service';

@ApiTags('portfolio')
@ApiBearerAuth()
@Controller('portfolio')
export class PortfolioController {
  private readonly portfolio: PortfolioService;

  constructor(@Inject(READ_STORE) store: ReadStore, projects: ProjectsService) {
    // A plain service over the read store and the caller's projects: nothing of its own to inject.
    this.portfolio = new PortfolioService(store, projects);
  }

  @Get()
  @ApiOkResponse({ type: PortfolioDto, description: "KPIs of every project where the caller has a role, each in the caller's audience for it (a client's from client forms only); an empty list for none" })
  @ApiProblems(401)
  get(@CurrentCaller() caller: Caller): Promise<PortfolioDto> {
    return this.portfolio.of(caller);
  }
}
