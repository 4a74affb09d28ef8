import type { Backend } from './backend';
import { backendKind } from './backend-kind';
import { awsBackend, type AwsBackendOptions } from './aws/aws-backend';
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
  return backendKind(env) === 'aws' ? awsBackend(env, options.aws) : localBackend(env, options.local);
}
