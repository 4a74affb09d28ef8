import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalObjectStore } from '@triage/artifacts';
import { openBackend, type Backend, type DicomStore } from '@triage/backend';
import type { Catalog } from '@triage/catalog';
import type { DatastoreId } from '@triage/dicom';
import { loadMlopsConfig } from '@triage/mlops';
import { pipelinesDir, type DatasetExportManifest, type PipelineDefinitionJson } from '@triage/pipeline';
import { generateChestStudies } from '@triage/sample-data';
import { openPipelines, type OpenedPipelines } from './open-pipelines';

jest.setTimeout(60_000);

const DR = { kind: 'clinician', principal: 'dr-a', role: 'clinician' } as const;

describe('openPipelines', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-open-pipelines-'));
  const dataDir = path.join(dir, 'data');
  const exported = path.join(dataDir, 's3', 'triage-datasets', 'exports', 'latest');
  let backend: Backend;
  let store: DicomStore;
  let catalog: Catalog;
  let datastoreId: DatastoreId;
  let opened: OpenedPipelines;
  const chests = [...generateChestStudies({ count: 3, seed: 'open-pipelines', size: 64 })];

  const verify = async (index: number) => {
    const chest = chests[index];
    const { imageSetId } = await store.storeInstance(datastoreId, chest.bytes);
    await catalog.setLabel({
      key: { datastoreId, imageSetId },
      studyInstanceUid: chest.studyInstanceUid,
      finding: chest.label ?? 'normal',
      origin: DR,
    });
  };
  const manifest = () => JSON.parse(fs.readFileSync(path.join(exported, 'manifest.json'), 'utf8')) as DatasetExportManifest;

  beforeAll(async () => {
    // As main.ts composes it: the local backend over the data folder.
    backend = openBackend({ env: { TRIAGE_DATA_DIR: dataDir } });
    store = await (backend.dicomStore as () => Promise<DicomStore>)();
    catalog = await backend.catalog();
    datastoreId = await backend.datastoreId();
    const objects = backend.objects() as LocalObjectStore;
    opened = openPipelines({
      runner: await backend.runner(),
      catalog,
      store,
      datastoreId,
      definition: (await backend.pipelineDefinition(loadMlopsConfig({ env: {} }).config)) as PipelineDefinitionJson,
      exportTo: { objectPath: (uri) => objects.pathOf(uri), workDir: path.join(pipelinesDir(dataDir), 'exports') },
    });
  });
  afterAll(async () => {
    await backend.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves the triage definition with the local defaults', () => {
    const { definition, pipelineName } = opened.routes;
    const parameters = (definition as { Parameters: { Name: string; DefaultValue?: unknown }[] }).Parameters;
    expect({ pipelineName, architecture: parameters.find((p) => p.Name === 'Architecture')?.DefaultValue }).toEqual({
      pipelineName: 'triage-model',
      architecture: 'small',
    });
  });

  it('exports the verified labels before each run where InputDataUri points, leaving an unchanged export byte for byte', async () => {
    await verify(0);
    await verify(1);
    await opened.routes.prepareRun?.();
    const first = { counts: manifest().counts.labels, inode: fs.statSync(path.join(exported, 'manifest.json')).ino };
    // Two runs started together: one export after the other, and nothing changed.
    await Promise.all([opened.routes.prepareRun?.(), opened.routes.prepareRun?.()]);
    const second = { counts: manifest().counts.labels, inode: fs.statSync(path.join(exported, 'manifest.json')).ino };
    await verify(2);
    await opened.routes.prepareRun?.();
    const third = { counts: manifest().counts.labels, changed: fs.statSync(path.join(exported, 'manifest.json')).ino !== first.inode };
    expect([first.counts, second, third]).toEqual([2, { counts: 2, inode: first.inode }, { counts: 3, changed: true }]);
    expect(fs.readdirSync(path.join(dataDir, 'pipelines', 'exports'))).toEqual([]);
  });
});
