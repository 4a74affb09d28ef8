import { Construct } from 'constructs';
import type { TriageEnvironment } from '../environment/triage-environment';
import { TriageTables } from '../data/triage-tables';
import { ImagingDatastore } from '../imaging/imaging-datastore';
import { TriageNetwork } from '../network/triage-network';
import { AuditTrail } from '../security/audit-trail';
import { TriageKey } from '../security/triage-key';
import { TriageBuckets } from '../storage/triage-buckets';
import type { FoundationResources } from './foundation-resources';

/** Props of {@link TriageFoundation}. */
export interface TriageFoundationProps {
  environment: TriageEnvironment;
}

/** Everything the app stacks stand on: key, network, buckets, trail, datastore and tables; `resources` hands them over. */
export class TriageFoundation extends Construct {
  readonly key: TriageKey;
  readonly network: TriageNetwork;
  readonly buckets: TriageBuckets;
  readonly trail: AuditTrail;
  readonly datastore: ImagingDatastore;
  readonly tables: TriageTables;
  readonly resources: FoundationResources;

  constructor(scope: Construct, id: string, props: TriageFoundationProps) {
    super(scope, id);
    const environment = props.environment;
    this.key = new TriageKey(this, 'Key', { environment });
    this.network = new TriageNetwork(this, 'Network', { environment, key: this.key });
    this.buckets = new TriageBuckets(this, 'Buckets', { environment, key: this.key });
    this.trail = new AuditTrail(this, 'Audit', {
      environment,
      key: this.key,
      bucket: this.buckets.logs,
      dataBuckets: [this.buckets.import, this.buckets.training, this.buckets.models],
    });
    this.datastore = new ImagingDatastore(this, 'Imaging', { environment, key: this.key });
    this.tables = new TriageTables(this, 'Data', { environment, key: this.key });
    const { import: importBucket, training, models, logs } = this.buckets;
    this.resources = {
      environment,
      vpc: this.network.vpc,
      key: this.key,
      buckets: { import: importBucket, training, models, logs },
      tables: { catalog: this.tables.catalog, mlops: this.tables.mlops, metrics: this.tables.metrics },
      datastore: { id: this.datastore.id, arn: this.datastore.arn },
    };
  }
}
