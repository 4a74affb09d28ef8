export * from './backend';
export * from './backend-kind';
export * from './open-backend';
export * from './opener';
export * from './local/local-backend';
export * from './local/local-backend-options';
export * from './local/local-loop-state';
export type { AwsBackendOptions } from './aws/aws-backend';
export * from './aws/aws-settings';
