export * from './workspace/workspace-root';
