import type { Backend } from './backend';
import { backendKind } from './backend-kind';
import type { AwsBackendOptions } from './aws/aws-backend';
import { localBackend } from './local/local-backend';
import type { LocalBackendOptions } from './local/local-backend-options';

/** What {@link openBackend} reads. */
export interface OpenBackendOptions {
  /** TRIAGE_BACKEND and each implementation's settings; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Options only the local implementations take (ignored on AWS). */
  local?: LocalBackendOptions;
  /** Options only the AWS implementations take (ignored locally). */
  aws?: AwsBackendOptions;
}

/**
 * The composition root: `TRIAGE_BACKEND=local` (default) or `aws` picks every port's implementation; the apps ask for
 * ports and never learn which. Nothing is opened here: each part opens on first use.
 */
export function openBackend(options: OpenBackendOptions = {}): Backend {
  const env = options.env ?? process.env;
  if (backendKind(env) !== 'aws') return localBackend(env, options.local);
  // Required here, not imported: the AWS side's six SDK clients cost a local process about 70 MB resident it never uses.
  const { awsBackend } = require('./aws/aws-backend') as typeof import('./aws/aws-backend');
  return awsBackend(env, options.aws);
}
