import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as zlib from 'node:zlib';
import type { ImageSetMetadata } from '@triage/dicom';
import { corpusFiles, expectedOutcomes, refusalClass } from '@triage/test-data';
import { readAll, tempStore } from '../test-support/temp-store';

/**
 * The issue's acceptance for import jobs: every corpus file imported from a folder is stored with
 * its frames, or refused with its reason in the failure manifest, as expected-outcomes.tsv says
 * (its import column; corpus-ingest.spec.ts checks the stored frames bit-exact), each listed once.
 */

interface ManifestLine {
  inputFile: string;
  importResponse?: { imageSetId: string; sopInstanceUid: string };
  exception?: { message: string };
}

const files = corpusFiles();
const expected = expectedOutcomes('import');
/** Each file's observed outcome: `stored:N` or `refused:CLASS`, with the reason for the log. */
const observed = new Map<string, { outcome: string; reason?: string }>();
let listed: string[] = [];

describe('an import job over the corpus', () => {
  beforeAll(async () => {
    const imported = await tempStore();
    const input = path.join(imported.dataDir, '..', `${path.basename(imported.dataDir)}-corpus`);
    const output = `${input}-out`;
    try {
      fs.mkdirSync(input);
      for (const file of files) fs.copyFileSync(file, path.join(input, path.basename(file)));
      const ds = await imported.store.ensureDatastore('corpus-import');
      const started = await imported.store.startDICOMImportJob({
        datastoreId: ds,
        dataAccessRoleArn: 'arn:aws:iam::000000000000:role/local',
        inputS3Uri: pathToFileURL(input).href,
        outputS3Uri: pathToFileURL(output).href,
      });
      let status: string | undefined;
      while (status !== 'COMPLETED' && status !== 'FAILED') {
        await new Promise((resolve) => setTimeout(resolve, 50));
        status = (await imported.store.getDICOMImportJob({ datastoreId: ds, jobId: started.jobId as string })).jobProperties?.jobStatus;
      }
      expect(status).toBe('COMPLETED');
      const dir = path.join(output, `${ds}-DicomImport-${started.jobId}`);
      const lines = (name: string): ManifestLine[] =>
        fs
          .readFileSync(path.join(dir, name), 'utf8')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as ManifestLine);
      const successes = lines('SUCCESS/success.ndjson');
      const failures = lines('FAILURE/failure.ndjson');
      listed = [...successes, ...failures].map((l) => l.inputFile);
      for (const s of successes) {
        const { imageSetId, sopInstanceUid } = s.importResponse as NonNullable<ManifestLine['importResponse']>;
        const blob = (await imported.store.getImageSetMetadata({ datastoreId: ds, imageSetId })).imageSetMetadataBlob;
        const meta = JSON.parse(zlib.gunzipSync(await readAll(blob)).toString()) as ImageSetMetadata;
        const instance = Object.values(meta.Study.Series).find((series) => series.Instances[sopInstanceUid])?.Instances[sopInstanceUid];
        observed.set(s.inputFile, { outcome: `stored:${instance?.ImageFrames.length}` });
      }
      for (const f of failures) {
        const reason = f.exception?.message ?? '';
        observed.set(f.inputFile, { outcome: `refused:${refusalClass(reason)}`, reason });
      }
    } finally {
      await imported.dispose();
      fs.rmSync(input, { recursive: true, force: true });
      fs.rmSync(output, { recursive: true, force: true });
    }
  }, 120_000);

  afterAll(() => {
    // The outcome of every file, for whoever reads the test log.
    const rows = [...observed].map(([name, o]) => `  ${name}: ${o.outcome}${o.reason ? ` (${o.reason})` : ''}`);
    process.stdout.write(`import job outcomes:\n${rows.join('\n')}\n`);
  });

  it('lists every corpus file once in its manifests, and has an expected outcome for each', () => {
    const names = files.map((f) => path.basename(f));
    expect([...listed].sort()).toEqual([...names].sort());
    expect(names).toEqual(Object.keys(expected));
  });

  it.each(files.map((f) => path.basename(f)))('%s: imported as expected-outcomes.tsv says', (name) => {
    expect({ name, outcome: observed.get(name)?.outcome }).toEqual({ name, outcome: expected[name] });
  });
});
