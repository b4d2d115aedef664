export * from './hash-chain';
export * from './chain-walk';
export * from './bundle';
export * from './personal-data';
