export * from './event';
export * from './decider';
export * from './domain-error';
export * from './streams';
export * from './roles';
export * from './identity/user';
export * from './identity/email-claim';
export * from './project/membership';
