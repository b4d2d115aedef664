import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { AppConfigModule, AppConfigService, type AppConfig } from '@app/config';
import { EVENT_STORE, EventStoreModule, type EventStore } from '@app/event-store';
import { ProjectorModule, ProjectorThreadModule, ReadStoreModule } from '@app/read-models';
import { AuditController, ProjectEventsController } from './audit/audit.controller';
import { AuditService } from './audit/audit.service';
import { AuditLog } from './audit/audit-log';
import { AuthController } from './auth/auth.controller';
import { ACCOUNT_RATE_LIMITED, AUTH_RATE_LIMITED } from './auth/auth.decorators';
import { normalizeEmail } from '@app/domain';
import { AuthGuard } from './auth/auth.guard';
import { AuthService, type Caller } from './auth/auth.service';
import { PasswordHasher } from './auth/password-hasher';
import { loadSigningKey } from './auth/signing-key';
import { SlidingWindowThrottlerStorage } from './http/rate-limit-storage';
import { TOKEN_ALGORITHM, TokenService } from './auth/token.service';
import { CommandExecutor, EVENT_CODEC } from './commands/command-executor';
import { PersonalData } from './privacy/personal-data';
import { ErasureService } from './privacy/erasure.service';
import { PrivacyController } from './privacy/privacy.controller';
import { DemoSeeder } from './demo/demo';
import { LiveGateway } from './live/live.gateway';
import { LiveHub } from './live/live-hub';
import { LiveBroker } from './live/live-broker';
import { PlanController } from './plan/plan.controller';
import { PlanService } from './plan/plan.service';
import { ProjectWrites } from './projects/project-writes';
import { RisksController } from './risks/risks.controller';
import { RisksService } from './risks/risks.service';
import { DecisionsController } from './decisions/decisions.controller';
import { DecisionsService } from './decisions/decisions.service';
import { DecisionHistoryService } from './decisions/decision-history';
import { People } from './people/people';
import { BudgetController } from './budget/budget.controller';
import { BudgetService } from './budget/budget.service';
import { FeedbackController } from './feedback/feedback.controller';
import { FeedbackService } from './feedback/feedback.service';
import { DeliveryController } from './delivery/delivery.controller';
import { DeliveryService } from './delivery/delivery.service';
import { RecordsController } from './records/records.controller';
import { RecordsService } from './records/records.service';
import { ReadModelSync } from './commands/read-model-sync';
import { HealthController } from './health/health.controller';
import { WriteHealth } from './health/write-health';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { validationPipe } from './http/validation';
import { IdempotencyGuard } from './http/idempotency';
import { Metrics } from './observability/metrics';
import { MetricsController } from './observability/metrics.controller';
import { ProjectAccessGuard } from './projects/project-access';
import { InvitationsController, ProjectsController } from './projects/projects.controller';
import { ViewHistory } from './views/view-history';
import { ViewsController } from './views/views.controller';
import { PortfolioController } from './portfolio/portfolio.controller';
import { ProjectsService } from './projects/projects.service';

const isAuthRoute = (handler: object): boolean => Reflect.getMetadata(AUTH_RATE_LIMITED, handler) === true;
const isPasswordRoute = (handler: object): boolean => Reflect.getMetadata(ACCOUNT_RATE_LIMITED, handler) === true;
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The api: HTTP commands and queries; in the embedded profile it also runs the projector. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        EventStoreModule,
        ReadStoreModule,
        // The embedded profile's projector: on a worker thread of its own (default), or on this one.
        ...(config.projectorInProcess ? [config.projectorThread ? ProjectorThreadModule : ProjectorModule] : []),
        JwtModule.registerAsync({
          inject: [AppConfigService],
          useFactory: (appConfig: AppConfigService) => {
            // A KeyObject made once: given a string, jsonwebtoken would parse it as a key on every sign and verify.
            const key = createSecretKey(Buffer.from(loadSigningKey(appConfig.values)));
            return {
              secretOrKeyProvider: () => key,
              signOptions: { algorithm: TOKEN_ALGORITHM },
              verifyOptions: { algorithms: [TOKEN_ALGORITHM] },
            };
          },
        }),
        ThrottlerModule.forRootAsync({
          inject: [AppConfigService],
          useFactory: (appConfig: AppConfigService) => ({
            errorMessage: 'Too many requests; slow down and try again in a minute',
            storage: new SlidingWindowThrottlerStorage(),
            throttlers: [
              {
                // Credentials: per client address, strict, against guessing.
                name: 'auth',
                ttl: 60_000,
                limit: appConfig.values.http.authRateLimitPerMinute,
                skipIf: (context) => !isAuthRoute(context.getHandler()),
              },
              {
                // Password guesses: per account too, so rotating addresses does not help.
                name: 'account',
                ttl: 60_000,
                limit: appConfig.values.http.authRateLimitPerMinute,
                skipIf: (context) => !isPasswordRoute(context.getHandler()),
                getTracker: (request: Record<string, unknown>) => {
                  const email = (request.body as { email?: unknown } | undefined)?.email;
                  return typeof email === 'string' ? normalizeEmail(email).slice(0, 254) : '';
                },
                generateKey: (_context, tracker, name) => `${name}:${tracker}`,
              },
              {
                // Writes: per signed-in user across every route, so one busy user never slows the others.
                name: 'write',
                ttl: 60_000,
                limit: appConfig.values.http.writeRateLimitPerMinute,
                skipIf: (context) =>
                  isAuthRoute(context.getHandler()) || READS.has(context.switchToHttp().getRequest<FastifyRequest>().method),
                getTracker: (request: Record<string, unknown>) =>
                  (request.caller as Caller | undefined)?.userId ?? String(request.ip),
                generateKey: (_context, tracker, name) => `${name}:${tracker}`,
              },
            ],
          }),
        }),
      ],
      controllers: [HealthController, MetricsController, AuthController, ProjectsController, InvitationsController, PlanController, RisksController, DecisionsController, BudgetController, FeedbackController, DeliveryController, RecordsController, ViewsController, PortfolioController, AuditController, ProjectEventsController, PrivacyController],
      providers: [
        Metrics,
        WriteHealth,
        ReadModelSync,
        PersonalData,
        { provide: EVENT_CODEC, useExisting: PersonalData },
        ErasureService,
        CommandExecutor,
        PasswordHasher,
        TokenService,
        AuthService,
        ProjectsService,
        DemoSeeder,
        ProjectWrites,
        PlanService,
        RisksService,
        DecisionsService,
        DecisionHistoryService,
        People,
        BudgetService,
        FeedbackService,
        DeliveryService,
        RecordsService,
        AuditService,
        AuditLog,
        { provide: ViewHistory, inject: [EVENT_STORE], useFactory: (events: EventStore) => new ViewHistory(events) },
        LiveBroker,
        LiveHub,
        LiveGateway,
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: validationPipe },
        // Guards run in this order: who is calling, how often, what their role allows, and an Idempotency-Key claimed
        // (its answer is recorded as it is sent: recordIdempotentAnswers; a write's ETag: completeAnswers). No interceptor.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_GUARD, useClass: ProjectAccessGuard },
        { provide: APP_GUARD, useClass: IdempotencyGuard },
      ],
    };
  }
}
