/** The deployment environments; each gets its own copy of every stack. */
export const TRIAGE_ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
export type TriageEnvironmentName = (typeof TRIAGE_ENVIRONMENTS)[number];

/** What differs between environments (from cdk.json context or a config file; see apps/cdk). */
export interface TriageEnvironment {
  name: TriageEnvironmentName;
  /** Account and region to deploy to; absent: the CLI's credentials decide (environment-agnostic synth). */
  account?: string;
  region: string;
  /** Availability zones the VPC spans (two). */
  maxAzs: number;
  /** NAT gateways (prod: one per AZ; dev: one). */
  natGateways: number;
  /** Days the log groups and flow logs keep records. */
  logRetentionDays: number;
  /** Whether stateful resources (tables, buckets, key, datastore) survive a stack deletion. */
  retainData: boolean;
  /** Where alarms go (an e-mail subscribed to the SNS topic), when set. */
  alarmEmail?: string;
  /** The API's Fargate task: count (1: its data folder takes one writer, see ApiDataVolume), CPU units, memory MiB. */
  api: { desiredCount: number; cpu: number; memoryMiB: number };
  /** The image tag the API and training images are deployed at (CI pushes them; default `latest`). */
  imageTag: string;
  /** The model package group the pipeline registers into. */
  modelPackageGroupName: string;
  /** The accuracy bar above which the pipeline registers a version Approved. */
  accuracyThreshold: number;
}
