import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LocalHealthImaging } from '../local-health-imaging';
import { parseProgressMessage } from './import-ledger';
import { syntheticPart10 } from '@triage/test-support';
import { tempStore } from '../test-support/temp-store';

const STUDY = '1.2.826.0.1.3680043.8.498.55';

async function finished(store: LocalHealthImaging, datastoreId: string, jobId: string) {
  for (;;) {
    const { jobProperties } = await store.getDICOMImportJob({ datastoreId, jobId });
    if (jobProperties?.jobStatus === 'COMPLETED' || jobProperties?.jobStatus === 'FAILED') return jobProperties;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('DICOM import jobs from a folder', () => {
  let env: Awaited<ReturnType<typeof tempStore>>;
  let ds: string;
  let input: string;
  let output: string;
  beforeEach(async () => {
    env = await tempStore();
    ds = await env.store.ensureDatastore('imports');
    input = path.join(env.dataDir, '..', `${path.basename(env.dataDir)}-in`);
    output = path.join(env.dataDir, '..', `${path.basename(env.dataDir)}-out`);
    fs.mkdirSync(path.join(input, 'nested'), { recursive: true });
    fs.writeFileSync(path.join(input, 'a.dcm'), syntheticPart10({ study: STUDY, series: `${STUDY}.1`, sop: `${STUDY}.1.1` }));
    fs.writeFileSync(
      path.join(input, 'nested', 'b.dcm'),
      syntheticPart10({ study: STUDY, series: `${STUDY}.1`, sop: `${STUDY}.1.2`, instanceNumber: 2 }),
    );
    fs.writeFileSync(path.join(input, 'notes.txt'), 'not an image');
  });
  afterEach(async () => {
    await env.dispose();
    fs.rmSync(input, { recursive: true, force: true });
    fs.rmSync(output, { recursive: true, force: true });
  });

  it('imports every file it can, and writes the success and failure manifests', async () => {
    const started = await env.store.startDICOMImportJob({
      datastoreId: ds,
      dataAccessRoleArn: 'arn:aws:iam::000000000000:role/local',
      inputS3Uri: pathToFileURL(input).href,
      outputS3Uri: pathToFileURL(output).href,
    });
    expect(started.jobStatus).toBe('SUBMITTED');
    const job = await finished(env.store, ds, started.jobId as string);
    expect(job).toMatchObject({ jobStatus: 'COMPLETED', inputS3Uri: pathToFileURL(input).href, message: '2 file(s) imported, 1 failed' });
    const dir = path.join(output, `${ds}-DicomImport-${started.jobId}`);
    const successes = fs
      .readFileSync(path.join(dir, 'SUCCESS', 'success.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const failures = fs
      .readFileSync(path.join(dir, 'FAILURE', 'failure.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(successes.map((s) => s.inputFile)).toEqual(['a.dcm', path.join('nested', 'b.dcm')]);
    expect(failures).toEqual([
      { inputFile: 'notes.txt', exception: { exceptionType: 'IngestRefused', message: expect.stringContaining('not') } },
    ]);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'job-output-manifest.json'), 'utf8'));
    expect(manifest.jobSummary).toMatchObject({ numberOfScannedFiles: 3, numberOfImportedFiles: 2, numberOfGeneratedImageSets: 1 });
    expect(await env.store.locateInstances(ds, STUDY)).toHaveLength(2);
    const listed = await env.store.listDICOMImportJobs({ datastoreId: ds });
    expect(listed.jobSummaries?.map((j) => j.jobId)).toEqual([started.jobId]);
  });

  it('refuses S3 and relative locations, and missing folders', async () => {
    const start = (inputS3Uri: string) =>
      env.store.startDICOMImportJob({ datastoreId: ds, dataAccessRoleArn: 'x', inputS3Uri, outputS3Uri: pathToFileURL(output).href }).then(
        () => 'started',
        (e: Error) => `${e.name}: ${e.message}`,
      );
    expect(await start('s3://bucket/prefix/')).toMatch(/^ValidationException: .*S3/);
    expect(await start('relative/folder')).toMatch(/^ValidationException/);
    expect(await start(pathToFileURL(path.join(input, 'missing')).href)).toMatch(/^ValidationException: .*does not exist/);
  });

  it('shows its progress, and after a stop mid-job resumes where it was: every file imported once', async () => {
    const count = 40;
    for (let i = 1; i <= count; i++) {
      fs.writeFileSync(
        path.join(input, `many-${String(i).padStart(2, '0')}.dcm`),
        syntheticPart10({ study: STUDY, series: `${STUDY}.2`, sop: `${STUDY}.2.${i}`, instanceNumber: i }),
      );
    }
    const total = count + 3;
    const started = await env.store.startDICOMImportJob({
      datastoreId: ds,
      dataAccessRoleArn: 'x',
      inputS3Uri: pathToFileURL(input).href,
      outputS3Uri: pathToFileURL(output).href,
    });
    const jobId = started.jobId as string;
    // Stop the store as soon as the job is under way, as a shutdown would.
    let progress;
    for (;;) {
      const { jobProperties } = await env.store.getDICOMImportJob({ datastoreId: ds, jobId });
      progress = parseProgressMessage(jobProperties?.message);
      if (progress && progress.done > 0) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(progress.total).toBe(total);
    await env.store.close();
    const reopened = await LocalHealthImaging.open({ dataDir: env.dataDir });
    try {
      const interrupted = (await reopened.getDICOMImportJob({ datastoreId: ds, jobId })).jobProperties;
      const atStop = parseProgressMessage(interrupted?.message);
      expect(atStop?.done).toBeGreaterThan(0);
      expect(atStop?.done).toBeLessThan(total);
      const job = await finished(reopened, ds, jobId);
      expect(job).toMatchObject({ jobStatus: 'COMPLETED', message: `${total - 1} file(s) imported, 1 failed` });
      const dir = path.join(output, `${ds}-DicomImport-${jobId}`);
      const successes = fs
        .readFileSync(path.join(dir, 'SUCCESS', 'success.ndjson'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      const files = successes.map((s) => s.inputFile as string);
      expect(new Set(files).size).toBe(files.length);
      expect(files).toHaveLength(total - 1);
      // Imported once each: a second import of the same bytes would have answered "unchanged".
      expect(successes.every((s) => s.importResponse.status === 'stored')).toBe(true);
      expect(
        fs
          .readFileSync(path.join(dir, 'FAILURE', 'failure.ndjson'), 'utf8')
          .trim()
          .split('\n'),
      ).toHaveLength(1);
      expect(await reopened.locateInstances(ds, STUDY)).toHaveLength(total - 1);
    } finally {
      await reopened.close();
    }
  });
});
