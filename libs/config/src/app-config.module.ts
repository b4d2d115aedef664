import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { loadConfig, type AppConfig } from './app-config';

const APP_CONFIG_KEY = 'app';

/** Typed access to the validated configuration. */
@Injectable()
export class AppConfigService {
  readonly values: AppConfig;

  constructor(@Inject(ConfigService) config: ConfigService) {
    this.values = config.getOrThrow<AppConfig>(APP_CONFIG_KEY);
  }
}

/**
 * Validates the environment once at start (through @nestjs/config) and offers
 * it typed. A wrong value stops the start with a `ConfigError` naming it.
 */
@Global()
@Module({
  imports: [
    ConfigModule.forRoot({
      ignoreEnvFile: true,
      validate: (raw: Record<string, unknown>) => ({
        [APP_CONFIG_KEY]: loadConfig(
          Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v === undefined ? undefined : String(v)])),
        ),
      }),
    }),
  ],
  providers: [AppConfigService],
  exports: [AppConfigService],
})
export class AppConfigModule {}
