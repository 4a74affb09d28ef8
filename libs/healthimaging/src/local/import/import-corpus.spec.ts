import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { corpusFiles } from '@triage/dicom/test-support';
import { IngestRefusedError } from '../../dicom-store';
import { tempStore } from '../test-support/temp-store';

/**
 * The acceptance for import jobs: every corpus file imported from a folder is stored, or
 * refused with its reason in the failure manifest, exactly as direct ingest decides (whose bit-exact
 * frames corpus-ingest.spec.ts checks), and each file is listed once.
 */
describe('an import job over the shared corpus', () => {
  it('stores or refuses every file with its reason, as direct ingest does', async () => {
    const imported = await tempStore();
    const direct = await tempStore();
    const input = path.join(imported.dataDir, '..', `${path.basename(imported.dataDir)}-corpus`);
    const output = `${input}-out`;
    try {
      fs.mkdirSync(input);
      const files = corpusFiles();
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
      const lines = (name: string) =>
        fs
          .readFileSync(path.join(dir, name), 'utf8')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { inputFile: string; exception?: { message: string } });
      const successes = lines('SUCCESS/success.ndjson').map((s) => s.inputFile);
      const failures = new Map(lines('FAILURE/failure.ndjson').map((f) => [f.inputFile, f.exception?.message ?? '']));
      expect([...successes, ...failures.keys()].sort()).toEqual(files.map((f) => path.basename(f)).sort());

      const directDs = await direct.store.ensureDatastore('corpus-direct');
      for (const file of files) {
        const name = path.basename(file);
        let refusal: string | undefined;
        try {
          await direct.store.storeInstance(directDs, fs.readFileSync(file), { source: name });
        } catch (error) {
          if (!(error instanceof IngestRefusedError)) throw error;
          refusal = error.reason;
        }
        if (refusal === undefined) expect({ name, imported: successes.includes(name) }).toEqual({ name, imported: true });
        else expect({ name, reason: failures.get(name) }).toEqual({ name, reason: expect.stringContaining(refusal.slice(-40)) });
      }
    } finally {
      await imported.dispose();
      await direct.dispose();
      fs.rmSync(input, { recursive: true, force: true });
      fs.rmSync(output, { recursive: true, force: true });
    }
  });
});
