import { TRIAGE_ENVIRONMENTS, type TriageEnvironment, type TriageEnvironmentName } from '@triage/aws-constructs';

/** The defaults of each environment; cdk.json's context `triage:environments` overrides any field (account, region, e-mail...). */
export const DEFAULT_ENVIRONMENTS: Record<TriageEnvironmentName, TriageEnvironment> = {
  dev: {
    name: 'dev',
    region: 'us-east-1',
    maxAzs: 2,
    natGateways: 1,
    logRetentionDays: 30,
    retainData: false,
    api: { desiredCount: 1, cpu: 512, memoryMiB: 1024 },
    imageTag: 'latest',
    modelPackageGroupName: 'triage-dev-chest-xray',
    accuracyThreshold: 0.8,
  },
  staging: {
    name: 'staging',
    region: 'us-east-1',
    maxAzs: 2,
    natGateways: 1,
    logRetentionDays: 90,
    retainData: false,
    api: { desiredCount: 1, cpu: 1024, memoryMiB: 2048 },
    imageTag: 'latest',
    modelPackageGroupName: 'triage-staging-chest-xray',
    accuracyThreshold: 0.85,
  },
  prod: {
    name: 'prod',
    region: 'us-east-1',
    maxAzs: 2,
    natGateways: 2,
    // Six years: HIPAA keeps compliance documentation that long (45 CFR 164.316(b)(2)).
    logRetentionDays: 2192,
    retainData: true,
    api: { desiredCount: 1, cpu: 2048, memoryMiB: 4096 },
    imageTag: 'latest',
    modelPackageGroupName: 'triage-prod-chest-xray',
    accuracyThreshold: 0.9,
  },
};

/** The context key holding per-environment overrides: `{ "prod": { "account": "...", "alarmEmail": "..." } }`. */
export const ENVIRONMENTS_CONTEXT = 'triage:environments';
/** The context key naming the environment(s) to synthesise: `-c env=prod` (absent: all three). */
export const ENV_CONTEXT = 'env';

type Overrides = Partial<Record<TriageEnvironmentName, Partial<Omit<TriageEnvironment, 'name'>>>>;

/** One environment: its defaults with the context's overrides (a nested `api` is merged field by field). */
export function resolveEnvironment(name: TriageEnvironmentName, overrides: Overrides = {}): TriageEnvironment {
  const defaults = DEFAULT_ENVIRONMENTS[name];
  const own = overrides[name] ?? {};
  return { ...defaults, ...own, api: { ...defaults.api, ...own.api }, name };
}

/** Which environments to synthesise: `env` context (`dev`, `staging`, `prod`, or a comma-separated list), or all. */
export function selectedEnvironments(envContext: unknown): TriageEnvironmentName[] {
  if (envContext === undefined || envContext === null || envContext === '' || envContext === 'all') return [...TRIAGE_ENVIRONMENTS];
  const names = String(envContext)
    .split(',')
    .map((name) => name.trim());
  for (const name of names) {
    if (!(TRIAGE_ENVIRONMENTS as readonly string[]).includes(name)) {
      throw new Error(`unknown environment "${name}" (context env: one of ${TRIAGE_ENVIRONMENTS.join(', ')}, or all)`);
    }
  }
  return names as TriageEnvironmentName[];
}

/** The context CI sets to the commit whose images it pushed (`--context=imageTag=<sha>`): the tag every stack deploys. */
export const IMAGE_TAG_CONTEXT = 'imageTag';

/** The environments an app builds, from its context (`env`, `triage:environments`, and `imageTag` over every one). */
export function environmentsFromContext(tryGetContext: (key: string) => unknown): TriageEnvironment[] {
  const raw = tryGetContext(ENVIRONMENTS_CONTEXT);
  const overrides = (typeof raw === 'string' ? JSON.parse(raw) : (raw ?? {})) as Overrides;
  const imageTag = tryGetContext(IMAGE_TAG_CONTEXT);
  return selectedEnvironments(tryGetContext(ENV_CONTEXT)).map((name) => {
    const environment = resolveEnvironment(name, overrides);
    return typeof imageTag === 'string' && imageTag !== '' ? { ...environment, imageTag } : environment;
  });
}
