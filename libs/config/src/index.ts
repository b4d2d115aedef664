export * from './app-config';
export * from './app-config.module';
export * from './lifecycle';
export { createLogger, PinoNestLogger } from './logging';
