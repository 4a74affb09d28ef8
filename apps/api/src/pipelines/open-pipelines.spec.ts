import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalCatalog } from '@triage/catalog';
import type { DatastoreId } from '@triage/dicom';
import { LocalHealthImaging } from '@triage/healthimaging';
import type { DatasetExportManifest } from '@triage/pipeline';
import { LocalModelRegistry, registryFile } from '@triage/registry';
import { generateChestStudies } from '@triage/sample-data';
import { openPipelines, type OpenedPipelines } from './open-pipelines';

jest.setTimeout(60_000);

const DR = { kind: 'clinician', principal: 'dr-a', role: 'clinician' } as const;

describe('openPipelines', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-open-pipelines-'));
  const dataDir = path.join(dir, 'data');
  const exported = path.join(dataDir, 's3', 'triage-datasets', 'exports', 'latest');
  let store: LocalHealthImaging;
  let catalog: LocalCatalog;
  let registry: LocalModelRegistry;
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
    store = await LocalHealthImaging.open({ dataDir: path.join(dataDir, 'healthimaging') });
    catalog = await LocalCatalog.open({ file: path.join(dataDir, 'catalog', 'catalog.sqlite') });
    registry = await LocalModelRegistry.open({ file: registryFile(dataDir) });
    datastoreId = await store.ensureDatastore('default');
    opened = await openPipelines({ dataDir, registry, catalog, store, datastoreId, parameterDefaults: { Architecture: 'small' } });
  });
  afterAll(async () => {
    await opened.close();
    await registry.close();
    await catalog.close();
    await store.close();
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
