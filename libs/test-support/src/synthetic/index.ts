export * from './seeded-random';
export * from './synthetic-instance';
export * from './numbered-instances';
