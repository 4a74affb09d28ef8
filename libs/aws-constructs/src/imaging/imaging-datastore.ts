import { RemovalPolicy, aws_healthimaging as healthimaging, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { TriageEnvironment } from '../environment/triage-environment';

/** Props of {@link ImagingDatastore}. */
export interface ImagingDatastoreProps {
  environment: TriageEnvironment;
  key: kms.IKey;
}

/** The HealthImaging datastore `triage-<env>`, encrypted with the environment's key. */
export class ImagingDatastore extends Construct {
  readonly datastore: healthimaging.CfnDatastore;
  readonly id: string;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: ImagingDatastoreProps) {
    super(scope, id);
    this.datastore = new healthimaging.CfnDatastore(this, 'Datastore', {
      datastoreName: `triage-${props.environment.name}`,
      kmsKeyArn: props.key.keyArn,
    });
    this.datastore.applyRemovalPolicy(props.environment.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
    this.id = this.datastore.attrDatastoreId;
    this.arn = this.datastore.attrDatastoreArn;
  }
}
