import type { Backend } from '../backend';
export interface AwsBackendOptions {
  findings?: readonly string[];
  auditPrefix?: string;
  onCatalogChanged?: (change: import('@triage/catalog').CatalogChange) => void;
}
export function awsBackend(_env: NodeJS.ProcessEnv, _options: AwsBackendOptions = {}): Backend {
  throw new Error('stub');
}
