import { Global, Inject, Injectable, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import type { AppConfig } from './app-config';

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
 * Offers the configuration the process was started with (validated once by
 * `loadConfig`, before anything starts) through @nestjs/config's ConfigService,
 * typed as `AppConfigService`. The app runs on exactly that configuration: it
 * does not read the environment a second time.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          skipProcessEnv: true,
          load: [() => ({ [APP_CONFIG_KEY]: config })],
        }),
      ],
      providers: [AppConfigService],
      exports: [AppConfigService],
    };
  }
}
