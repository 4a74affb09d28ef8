import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Catalog } from '@triage/catalog';
import type { DatastoreId } from '@triage/dicom';
import type { HealthImaging } from '@triage/healthimaging';
import {
  EXPORT_MANIFEST_FILE,
  exportTrainingDataset,
  type DatasetExportManifest,
  type PipelineDefinitionJson,
  type PipelineRunner,
} from '@triage/pipeline';
import type { PipelineRoutesOptions } from './pipeline-routes';

/** What {@link openPipelines} needs: where, the registry, and where the verified labels and their pixels are. */
export interface OpenPipelinesOptions {
  /** The runner the backend opened (locally it resumes interrupted executions as it opens). */
  runner: PipelineRunner;
  catalog: Catalog;
  /** The embedded store the verified labels' images are exported from; without it no export runs before a start. */
  store?: HealthImaging;
  datastoreId: DatastoreId;
  /** The compiled definition runs start with. */
  definition: PipelineDefinitionJson;
  /** Default `triage-model`. */
  pipelineName?: string;
  /** Where the export writes: the disk path of an `s3://` URI (the local object store), and a folder to build it in. */
  exportTo?: { objectPath: (uri: string) => string; workDir: string };
}

export interface OpenedPipelines {
  runner: PipelineRunner;
  routes: PipelineRoutesOptions;
}

/**
 * The pipeline routes' options over the backend's runner, and the export of the verified labels into the definition's
 * InputDataUri before each run (where the images and that folder are on this machine; on AWS the Preprocess step reads
 * the catalog itself).
 */
export function openPipelines(options: OpenPipelinesOptions): OpenedPipelines {
  const { runner, definition, store, exportTo } = options;
  const inputUri = definition.Parameters.find((p) => p.Name === 'InputDataUri')?.DefaultValue;
  let exporting: Promise<unknown> = Promise.resolve();
  const prepareRun =
    store && exportTo && typeof inputUri === 'string'
      ? async (): Promise<void> => {
          // One export at a time: two runs started together share the same folder.
          const next = exporting.then(() => exportLabels({ ...options, store }, exportTo.objectPath(inputUri), exportTo.workDir));
          exporting = next.catch(() => undefined);
          await next;
        }
      : undefined;
  return {
    runner,
    routes: { runner, definition, pipelineName: options.pipelineName ?? 'triage-model', prepareRun },
  };
}

async function exportLabels(options: OpenPipelinesOptions & { store: HealthImaging }, target: string, workDir: string): Promise<void> {
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
