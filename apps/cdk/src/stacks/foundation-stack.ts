import { Stack } from 'aws-cdk-lib';
import type { Environment } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { TriageFoundation, type FoundationResources, type TriageEnvironment } from '@triage/aws-constructs';

/** Props of the foundation stack. */
export interface FoundationStackProps {
  env?: Environment;
  stackName: string;
  environment: TriageEnvironment;
}

/** `triage-<env>-foundation`: key, network, buckets, trail, datastore, tables; every app stack stands on `resources`. */
export class FoundationStack extends Stack {
  readonly foundation: TriageFoundation;
  readonly resources: FoundationResources;

  constructor(scope: Construct, id: string, props: FoundationStackProps) {
    super(scope, id, {
      env: props.env,
      stackName: props.stackName,
      description: `triage ${props.environment.name}: network, key, buckets, audit trail, HealthImaging datastore, tables`,
      terminationProtection: props.environment.retainData,
    });
    this.foundation = new TriageFoundation(this, 'Foundation', { environment: props.environment });
    this.resources = this.foundation.resources;
  }
}
