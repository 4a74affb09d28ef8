import * as fs from 'node:fs';
import * as path from 'node:path';
import { workspaceRoot } from '../workspace/workspace-root';
import { OrthancRequestError } from './orthanc-client';
import type { RunningOrthanc } from './start-orthanc';
import { startOrthanc } from './start-orthanc';

// The real Orthanc: fails with OrthancNotInstalledError (naming the packages) where it is not installed.
describe('startOrthanc', () => {
  let orthanc: RunningOrthanc;
  beforeAll(async () => {
    orthanc = await startOrthanc({
      dicomWebServers: { peer: { url: 'http://127.0.0.1:9/dicomweb', httpHeaders: { Authorization: 'Bearer t' } } },
    });
  });
  afterAll(() => orthanc?.stop());

  it('answers on its own port with the DICOMweb plugin and the configured remote server', async () => {
    const system = await orthanc.client.system();
    expect(system.HttpPort).toBe(orthanc.httpPort);
    expect(system.DicomPort).toBe(orthanc.dicomPort);
    expect(orthanc.url).toBe(`http://127.0.0.1:${orthanc.httpPort}`);
    expect((await orthanc.client.dicomWebPlugin()).ID).toBe('dicom-web');
    expect(await orthanc.client.dicomWebServers()).toEqual(['peer']);
  });

  it('stores an uploaded file byte for byte and lists its study', async () => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(workspaceRoot(), 'tools/test-data/corpus/CT_small.dcm')));
    const upload = await orthanc.client.uploadInstance(bytes);
    expect(upload.Status).toBe('Success');
    expect(await orthanc.client.studyIds()).toEqual([upload.ParentStudy]);
    const [study] = await orthanc.client.studies();
    expect(study.ID).toBe(upload.ParentStudy);
    const instances = await orthanc.client.studyInstances(upload.ParentStudy);
    expect(instances.map((i) => i.ID)).toEqual([upload.ID]);
    expect(Buffer.from(await orthanc.client.instanceFile(upload.ID)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('says what Orthanc answered when a call fails', async () => {
    const error = await orthanc.client.instanceFile('no-such-instance').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrthancRequestError);
    expect((error as OrthancRequestError).status).toBe(404);
  });

  it('stops on SIGTERM and removes its folder', async () => {
    const dir = orthanc.dir;
    expect(fs.existsSync(path.join(dir, 'orthanc.json'))).toBe(true);
    await orthanc.stop();
    expect(fs.existsSync(dir)).toBe(false);
    await expect(fetch(`${orthanc.url}/system`)).rejects.toThrow();
    await orthanc.stop();
  });
});
