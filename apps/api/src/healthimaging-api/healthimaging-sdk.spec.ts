import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { GetImageSetMetadataCommand } from '@aws-sdk/client-medical-imaging';
import type { ImageSetId } from '@triage/dicom';
import { readImageFrame, readImageSetMetadata, type AwsHealthImaging } from '@triage/healthimaging';
import { parseMultipart } from '../test-support/read-multipart';
import { startTestApp, type TestApp } from '../test-support/test-app';
import { numberedInstances, type SyntheticInstance } from '@triage/test-support';

/*
 * The "done when": the AWS SDK client (import job, search, metadata, frames, update and
 * revert) against the running API, and GetImageFrame's bytes equal WADO-RS's HTJ2K frame.
 */
describe('the HealthImaging API through the AWS SDK', () => {
  let env: TestApp;
  let hi: AwsHealthImaging;
  let instances: SyntheticInstance[];
  let inputDir: string;
  let imageSetId: ImageSetId;

  beforeAll(async () => {
    env = await startTestApp();
    hi = env.healthImaging();
    instances = [...numberedInstances({ count: 3 })];
    inputDir = path.join(env.dataDir, 'import-in');
    fs.mkdirSync(path.join(inputDir, 'nested'), { recursive: true });
    instances.forEach((instance, i) => fs.writeFileSync(path.join(inputDir, i === 0 ? 'nested' : '', `${i}.dcm`), instance.bytes));
    fs.writeFileSync(path.join(inputDir, 'readme.txt'), 'not DICOM');
  });
  afterAll(() => env.close());

  it('imports a folder with StartDICOMImportJob and reports COMPLETED through GetDICOMImportJob', async () => {
    const started = await hi.startDICOMImportJob({
      datastoreId: env.datastoreId,
      jobName: 'sdk-import',
      dataAccessRoleArn: 'arn:aws:iam::000000000000:role/local',
      inputS3Uri: pathToFileURL(inputDir).href,
      outputS3Uri: pathToFileURL(path.join(env.dataDir, 'import-out')).href,
    });
    expect(started).toMatchObject({ datastoreId: env.datastoreId, jobStatus: 'SUBMITTED' });
    expect(started.submittedAt).toBeInstanceOf(Date);
    let job;
    for (let i = 0; i < 500; i++) {
      job = (await hi.getDICOMImportJob({ datastoreId: env.datastoreId, jobId: started.jobId })).jobProperties;
      if (job?.jobStatus === 'COMPLETED' || job?.jobStatus === 'FAILED') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(job).toMatchObject({
      jobId: started.jobId,
      jobName: 'sdk-import',
      jobStatus: 'COMPLETED',
      message: '3 file(s) imported, 1 failed',
    });
    expect(job?.endedAt).toBeInstanceOf(Date);
    const listed = await hi.listDICOMImportJobs({ datastoreId: env.datastoreId, jobStatus: 'COMPLETED' });
    expect(listed.jobSummaries?.map((j) => j.jobId)).toEqual([started.jobId]);
  }, 60_000);

  it('finds the imported study with SearchImageSets', async () => {
    const out = await hi.searchImageSets({
      datastoreId: env.datastoreId,
      searchCriteria: { filters: [{ operator: 'EQUAL', values: [{ DICOMStudyInstanceUID: instances[0].studyInstanceUid }] }] },
    });
    expect(out.imageSetsMetadataSummaries).toHaveLength(1);
    imageSetId = out.imageSetsMetadataSummaries?.[0].imageSetId as ImageSetId;
    expect(out.imageSetsMetadataSummaries?.[0].DICOMTags?.DICOMStudyInstanceUID).toBe(instances[0].studyInstanceUid);
  });

  it('returns GetImageSetMetadata gzipped, as the service does', async () => {
    const raw = await env.sdk().send(new GetImageSetMetadataCommand({ datastoreId: env.datastoreId, imageSetId }));
    expect(raw.contentEncoding).toBe('gzip');
    expect(raw.contentType).toBe('application/json');
    const doc = await readImageSetMetadata(hi, { datastoreId: env.datastoreId, imageSetId });
    expect(Object.keys(doc.Study.Series[instances[0].seriesInstanceUid].Instances).sort()).toEqual(
      instances.map((i) => i.sopInstanceUid).sort(),
    );
  });

  it('returns the same HTJ2K bytes from GetImageFrame as WADO-RS for the same frame', async () => {
    const doc = await readImageSetMetadata(hi, { datastoreId: env.datastoreId, imageSetId });
    for (const instance of instances) {
      const [frame] = doc.Study.Series[instance.seriesInstanceUid].Instances[instance.sopInstanceUid].ImageFrames;
      const out = await hi.getImageFrame({ datastoreId: env.datastoreId, imageSetId, imageFrameInformation: { imageFrameId: frame.ID } });
      expect(out.contentType).toBe('image/jph');
      const sdkBytes = Buffer.from(
        await readImageFrame(hi, { datastoreId: env.datastoreId, imageSetId, imageFrameInformation: { imageFrameId: frame.ID } }),
      );
      out.imageFrameBlob.destroy();

      const url = `${env.url}/dicomweb/studies/${instance.studyInstanceUid}/series/${instance.seriesInstanceUid}/instances/${instance.sopInstanceUid}/frames/1`;
      const response = await fetch(url, {
        headers: { authorization: `Bearer ${env.token}`, accept: 'multipart/related; type="image/jph"' },
      });
      expect(response.status).toBe(200);
      const [part] = parseMultipart(response.headers.get('content-type') ?? '', Buffer.from(await response.arrayBuffer()));
      expect(part.headers['content-type']).toMatch(/^image\/jph/);
      expect(sdkBytes.length).toBeGreaterThan(0);
      expect(sdkBytes.equals(part.body)).toBe(true);
    }
  });

  it('updates metadata with UpdateImageSetMetadata and reverts it with revertToVersionId', async () => {
    const ids = { datastoreId: env.datastoreId, imageSetId };
    // Each imported instance after the first made a new version of the study's image set.
    const before = Number((await hi.getImageSet(ids)).versionId);
    const original = await readImageSetMetadata(hi, ids);
    const updated = await hi.updateImageSetMetadata({
      ...ids,
      latestVersionId: String(before),
      updateImageSetMetadataUpdates: {
        DICOMUpdates: {
          updatableAttributes: new TextEncoder().encode(
            JSON.stringify({ SchemaVersion: 1.1, Study: { DICOM: { StudyDescription: 'SDK UPDATED' } } }),
          ),
        },
      },
    });
    expect(updated).toMatchObject({ ...ids, latestVersionId: String(before + 1) });
    expect((await readImageSetMetadata(hi, ids)).Study.DICOM['StudyDescription']).toBe('SDK UPDATED');

    const reverted = await hi.updateImageSetMetadata({
      ...ids,
      latestVersionId: String(before + 1),
      updateImageSetMetadataUpdates: { revertToVersionId: String(before) },
    });
    expect(reverted).toMatchObject({ ...ids, latestVersionId: String(before + 2) });
    const now = await readImageSetMetadata(hi, ids);
    expect(now.Study.DICOM).toEqual(original.Study.DICOM);
    expect(now.Study.DICOM['StudyDescription']).not.toBe('SDK UPDATED');
    expect((await hi.getImageSet(ids)).versionId).toBe(String(before + 2));
    const versions = await hi.listImageSetVersions(ids);
    expect(versions.imageSetPropertiesList).toHaveLength(before + 2);
  });
});
