export * from './progress/progress';
