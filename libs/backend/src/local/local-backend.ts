import * as path from 'node:path';
import { LocalObjectStore } from '@triage/artifacts';
import { LocalCatalog } from '@triage/catalog';
import type { DatastoreId } from '@triage/dicom';
import { LocalEventBus } from '@triage/events';
import { LocalHealthImaging } from '@triage/healthimaging';
import { asyncModelMonitor, LocalModelMonitor, monitoringFile } from '@triage/monitoring';
import { compilePipeline, LocalPipelineRunner, localS3Root, triagePipeline, withParameterDefaults } from '@triage/pipeline';
import { SqliteAuditAnchor, auditAnchorFile } from '@triage/platform';
import { LocalModelRegistry, registryFile } from '@triage/registry';
import type { Backend } from '../backend';
import { BackendConfigError } from '../backend-kind';
import { Opener } from '../opener';
import type { LocalBackendOptions } from './local-backend-options';
import { openLocalLoopState } from './local-loop-state';

/** The datastore a local platform serves when TRIAGE_DATASTORE_ID names none. */
export const LOCAL_DEFAULT_DATASTORE = 'default';

/**
 * The triage pipeline's parameter defaults on this machine (the compiled definition keeps AWS's for SageMaker): the
 * small CPU network, sized so a run over 400 images ends within minutes on two cores.
 */
export const LOCAL_PIPELINE_DEFAULTS: Readonly<Record<string, string>> = { Architecture: 'small' };

/** The local layout of a data directory (one folder per part). */
export function localLayout(dataDir: string) {
  return {
    events: path.join(dataDir, 'events', 'events.sqlite'),
    catalog: path.join(dataDir, 'catalog', 'catalog.sqlite'),
    healthImaging: path.join(dataDir, 'healthimaging'),
  };
}

/**
 * Every port on this machine, under one data directory. The bus is every other part's outbox: the catalog's label
 * events, the store's image set events, the registry's and the runner's SageMaker-shaped events are written in the
 * same SQLite transaction as the change they announce.
 */
export function localBackend(env: NodeJS.ProcessEnv, options: LocalBackendOptions = {}): Backend & { readonly dataDir: string } {
  const dataDir = options.dataDir ?? env['TRIAGE_DATA_DIR'];
  if (!dataDir) throw new BackendConfigError('TRIAGE_BACKEND=local needs a data directory: set TRIAGE_DATA_DIR');
  const layout = localLayout(dataDir);
  const opener = new Opener();
  const bus = opener.once(() => LocalEventBus.open({ file: layout.events, logger: options.logger }));
  const registry = opener.once(async () => LocalModelRegistry.open({ file: registryFile(dataDir), outbox: await bus() }));
  const store = opener.once(async () =>
    LocalHealthImaging.open({
      dataDir: layout.healthImaging,
      codecPool: options.codecPool,
      outbox: await bus(),
      importRoots: options.importRoots,
      ...options.transcoding,
      // A frame that fails to transcode stays as received and is tried again at the next open: worth a warning, not a failure.
      onTranscodeError: (frameId, error) =>
        options.logger?.warn({ frameId, err: error }, 'a frame could not be transcoded; it is kept as received'),
    }),
  );
  const objects = new LocalObjectStore(localS3Root(dataDir));

  return {
    kind: 'local',
    eventDelivery: 'in-process',
    dataDir,
    dicomStore: store,
    events: bus,
    healthImaging: store,
    registry,
    catalog: opener.once(async () =>
      LocalCatalog.open({ file: layout.catalog, findings: options.findings, outbox: await bus(), onChanged: options.onCatalogChanged }),
    ),
    runner: opener.once(async () =>
      LocalPipelineRunner.open({ ...options.runner, dataDir, registry: await registry(), outbox: await bus() }),
    ),
    objects: () => objects,
    loopState: opener.once(async () => openLocalLoopState(dataDir)),
    monitor: opener.once(async () => asyncModelMonitor(LocalModelMonitor.open({ file: monitoringFile(dataDir) }))),
    auditAnchor: opener.once(async () => SqliteAuditAnchor.open(auditAnchorFile(dataDir))),
    datastoreId: async () =>
      (env['TRIAGE_DATASTORE_ID'] ?? (await (await store()).ensureDatastore(LOCAL_DEFAULT_DATASTORE))) as DatastoreId,
    loopConfig: (config) => config,
    pipelineDefinition: async (config) =>
      withParameterDefaults(compilePipeline(triagePipeline({ pipelineName: config.pipelineName })), LOCAL_PIPELINE_DEFAULTS),
    scratchDir: () => dataDir,
    close: () => opener.close(),
  };
}
