export * from './event';
export * from './decider';
export * from './domain-error';
export * from './streams';
