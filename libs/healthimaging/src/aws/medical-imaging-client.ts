import { MedicalImagingClient, type MedicalImagingClientConfig } from '@aws-sdk/client-medical-imaging';

/** How to reach HealthImaging: the one place an SDK client is configured. */
export interface AwsHealthImagingConfig {
  region: string;
  /** Endpoint override (the local HealthImaging API, a VPC endpoint); runtime operations then go to it unprefixed. */
  endpoint?: string;
  /** Defaults to the SDK's provider chain. */
  credentials?: MedicalImagingClientConfig['credentials'];
  /** Attempts per operation, the first included (default 5). */
  maxAttempts?: number;
  /** `adaptive` (default) also slows the client down while the service throttles it; `standard` only backs off. */
  retryMode?: 'standard' | 'adaptive';
}

const DEFAULT_MAX_ATTEMPTS = 5;

/** Creates the SDK client: region, endpoint override, credentials and the SDK's own retry strategy with backoff. */
export function createMedicalImagingClient(config: AwsHealthImagingConfig): MedicalImagingClient {
  return new MedicalImagingClient({
    region: config.region,
    ...(config.credentials === undefined ? {} : { credentials: config.credentials }),
    maxAttempts: config.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryMode: config.retryMode ?? 'adaptive',
    ...(config.endpoint === undefined
      ? {}
      : {
          endpoint: config.endpoint,
          // The SDK sends runtime operations to `runtime-<host>`, which an overridden endpoint does not answer to.
          disableHostPrefix: true,
        }),
  });
}
