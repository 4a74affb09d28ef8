import * as fs from 'node:fs';
import * as path from 'node:path';

/** apps/cdk/cdk.json (this file is apps/cdk/{src,dist}/cdk-context.*). */
export const CDK_JSON = path.resolve(__dirname, '..', 'cdk.json');

/**
 * cdk.json's context (feature flags, environment overrides). The CLI hands it to the app itself; a test building an
 * App in process passes it in, so specs synthesise with the same flags as `cdk synth`.
 */
export function cdkJsonContext(file = CDK_JSON): Record<string, unknown> {
  const config = JSON.parse(fs.readFileSync(file, 'utf8')) as { context?: Record<string, unknown> };
  return config.context ?? {};
}
