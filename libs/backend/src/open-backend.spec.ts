import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalObjectStore, S3ObjectStore } from '@triage/artifacts';
import { DynamoDbCatalog, LocalCatalog } from '@triage/catalog';
import { EventBridgeEventBus, LocalEventBus } from '@triage/events';
import { AwsHealthImaging, LocalHealthImaging } from '@triage/healthimaging';
import { DEFAULT_MLOPS_CONFIG, SqliteTriggerState } from '@triage/mlops';
import { monitoringFile } from '@triage/monitoring';
import { LocalPipelineRunner, SageMakerPipelineRunner } from '@triage/pipeline';
import { SqliteAuditAnchor } from '@triage/platform';
import { LocalModelRegistry, SageMakerModelRegistry } from '@triage/registry';
import { BackendConfigError } from './backend-kind';
import { AWS_SETTINGS_ENV } from './aws/aws-settings';
import { openBackend } from './open-backend';

/** The variables the CDK stacks set on the functions and the API task (AWS.md names). */
const AWS_ENV: NodeJS.ProcessEnv = {
  TRIAGE_BACKEND: 'aws',
  AWS_REGION: 'eu-west-1',
  TRIAGE_EVENT_BUS_NAME: 'triage-dev',
  TRIAGE_CATALOG_TABLE: 'triage-dev-catalog',
  TRIAGE_MLOPS_TABLE: 'triage-dev-mlops',
  TRIAGE_METRICS_TABLE: 'triage-dev-metrics',
  TRIAGE_DATASTORE_ID: '0123456789abcdef0123456789abcdef',
  TRIAGE_TRAINING_BUCKET: 'triage-dev-training',
  TRIAGE_MODELS_BUCKET: 'triage-dev-models',
  TRIAGE_AUDIT_BUCKET: 'triage-dev-logs',
  TRIAGE_PIPELINE_NAME: 'triage-dev-pipeline',
  TRIAGE_PIPELINE_ROLE_ARN: 'arn:aws:iam::123456789012:role/triage-dev-pipeline',
  TRIAGE_MODEL_PACKAGE_GROUP: 'triage-dev-chest-xray',
};

describe('openBackend: TRIAGE_BACKEND picks every implementation', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-backend-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('local (unset): the embedded implementations under TRIAGE_DATA_DIR, the bus as everyone’s outbox, handlers in process', async () => {
    const backend = openBackend({ env: { TRIAGE_DATA_DIR: dataDir } });
    try {
      const parts = [
        await backend.events(),
        await backend.catalog(),
        await backend.registry(),
        await backend.runner(),
        backend.objects(),
        (await backend.loopState()).trigger,
        await backend.healthImaging(),
        await backend.auditAnchor(),
      ];
      expect(parts.map((p) => p.constructor.name)).toEqual([
        LocalEventBus.name,
        LocalCatalog.name,
        LocalModelRegistry.name,
        LocalPipelineRunner.name,
        LocalObjectStore.name,
        SqliteTriggerState.name,
        LocalHealthImaging.name,
        SqliteAuditAnchor.name,
      ]);
      expect([backend.kind, backend.eventDelivery, await backend.dicomStore?.()]).toEqual([
        'local',
        'in-process',
        await backend.healthImaging(),
      ]);
      expect(backend.loopConfig(DEFAULT_MLOPS_CONFIG)).toEqual(DEFAULT_MLOPS_CONFIG);
      // The monitor is the SQLite one behind the asynchronous port.
      await (await backend.monitor()).scoreCounts('none');
      expect(fs.existsSync(monitoringFile(dataDir))).toBe(true);
    } finally {
      await backend.close();
    }
  });

  it('aws: the managed services, named by the stacks’ variables; nothing is called until a part is used', async () => {
    const backend = openBackend({ env: AWS_ENV });
    const parts = [
      await backend.events(),
      await backend.catalog(),
      await backend.registry(),
      await backend.runner(),
      backend.objects(),
      await backend.healthImaging(),
    ];
    expect(parts.map((p) => p.constructor.name)).toEqual([
      EventBridgeEventBus.name,
      DynamoDbCatalog.name,
      SageMakerModelRegistry.name,
      SageMakerPipelineRunner.name,
      S3ObjectStore.name,
      AwsHealthImaging.name,
    ]);
    expect([backend.kind, backend.eventDelivery, backend.dicomStore, await backend.datastoreId()]).toEqual([
      'aws',
      'rules',
      undefined,
      AWS_ENV['TRIAGE_DATASTORE_ID'],
    ]);
    const config = backend.loopConfig(DEFAULT_MLOPS_CONFIG);
    expect([config.pipelineName, config.modelPackageGroup]).toEqual(['triage-dev-pipeline', 'triage-dev-chest-xray']);
    await backend.close();
  });

  it('refuses what it cannot run, naming the variable', () => {
    const missing = { ...AWS_ENV };
    delete missing['TRIAGE_CATALOG_TABLE'];
    delete missing['TRIAGE_PIPELINE_ROLE_ARN'];
    const refusals = [{ TRIAGE_BACKEND: 'gcp' }, {}, missing].map((env) => {
      try {
        openBackend({ env });
        return 'opened';
      } catch (error) {
        return error instanceof BackendConfigError ? error.message : `unexpected ${String(error)}`;
      }
    });
    expect(refusals).toEqual([
      'TRIAGE_BACKEND="gcp": expected one of local, aws',
      'TRIAGE_BACKEND=local needs a data directory: set TRIAGE_DATA_DIR',
      'TRIAGE_BACKEND=aws needs TRIAGE_CATALOG_TABLE, TRIAGE_PIPELINE_ROLE_ARN (set by the CDK stacks and the runtime)',
    ]);
    expect(Object.values(AWS_SETTINGS_ENV).sort()).toEqual(
      Object.keys(AWS_ENV)
        .filter((k) => k.startsWith('TRIAGE_') && k !== 'TRIAGE_BACKEND')
        .sort(),
    );
  });
});
