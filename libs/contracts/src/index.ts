export * from './problem-details';
export * from './health';
