import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Catalog } from '@triage/catalog';
import type { DatastoreId } from '@triage/dicom';
import type { HealthImaging } from '@triage/healthimaging';
import {
  EXPORT_MANIFEST_FILE,
  LocalPipelineRunner,
  compilePipeline,
  exportTrainingDataset,
  pipelinesDir,
  triagePipeline,
  withParameterDefaults,
  type DatasetExportManifest,
  type LocalPipelineRunnerOptions,
  type PipelineDefinitionJson,
} from '@triage/pipeline';
import type { ModelRegistry } from '@triage/registry';
import type { PipelineRoutesOptions } from './pipeline-routes';

/** What {@link openPipelines} needs: where, the registry, and where the verified labels and their pixels are. */
export interface OpenPipelinesOptions {
  dataDir: string;
  registry: ModelRegistry;
  catalog: Catalog;
  store: HealthImaging;
  datastoreId: DatastoreId;
  /** The compiled definition (default: the triage pipeline as it deploys, with `parameterDefaults` applied). */
  definition?: PipelineDefinitionJson;
  /** Other defaults of the definition's parameters for this machine (for example `{ Architecture: 'small' }`). */
  parameterDefaults?: Record<string, string>;
  /** Default `triage-model`. */
  pipelineName?: string;
  /** More runner options (concurrency, images, passEnv). */
  runner?: Omit<LocalPipelineRunnerOptions, 'dataDir' | 'registry'>;
}

/** The runner, the routes' options, and how to close the runner (after the HTTP server). */
export interface OpenedPipelines {
  runner: LocalPipelineRunner;
  routes: PipelineRoutesOptions;
  close(): Promise<void>;
}

/**
 * Opens the local pipeline runner over the data directory (executions left running go on) and
 * prepares each run by exporting the verified labels to where the definition's InputDataUri
 * points. An export identical to the last one (the manifest's content hash) leaves the last one in
 * place byte for byte, so the Preprocess step's cache still hits.
 */
export async function openPipelines(options: OpenPipelinesOptions): Promise<OpenedPipelines> {
  const definition = options.definition ?? withParameterDefaults(compilePipeline(triagePipeline()), options.parameterDefaults ?? {});
  const runner = await LocalPipelineRunner.open({ ...options.runner, dataDir: options.dataDir, registry: options.registry });
  const inputUri = definition.Parameters.find((p) => p.Name === 'InputDataUri')?.DefaultValue;
  let exporting: Promise<unknown> = Promise.resolve();
  const prepareRun = async (): Promise<void> => {
    if (typeof inputUri !== 'string') return;
    // One export at a time: two runs started together share the same folder.
    const next = exporting.then(() =>
      exportLabels(options, runner.objectStore.pathOf(inputUri), path.join(pipelinesDir(options.dataDir), 'exports')),
    );
    exporting = next.catch(() => undefined);
    await next;
  };
  return {
    runner,
    routes: { runner, definition, pipelineName: options.pipelineName ?? 'triage-model', prepareRun },
    close: () => runner.close(),
  };
}

/** Exports beside the target, then replaces it unless the content is the same. */
async function exportLabels(options: OpenPipelinesOptions, target: string, workDir: string): Promise<void> {
  const next = path.join(workDir, 'next');
  const manifest = await exportTrainingDataset({
    catalog: options.catalog,
    store: options.store,
    datastoreId: options.datastoreId,
    destination: next,
  });
  if (readManifest(target)?.contentHash === manifest.contentHash) {
    fs.rmSync(next, { recursive: true, force: true });
    return;
  }
  const old = path.join(workDir, 'previous');
  fs.rmSync(old, { recursive: true, force: true });
  if (fs.existsSync(target)) fs.renameSync(target, old);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.renameSync(next, target);
  fs.rmSync(old, { recursive: true, force: true });
}

function readManifest(dir: string): DatasetExportManifest | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, EXPORT_MANIFEST_FILE), 'utf8')) as DatasetExportManifest;
  } catch {
    return undefined;
  }
}
