import * as fs from 'node:fs';
import * as path from 'node:path';
import { fuzzRepros, refusalClass } from '@triage/test-data';
import { IngestRefusedError } from '../../dicom-store';
import { tempStore } from '../test-support/temp-store';

const repros = fuzzRepros();

describe('the fuzzer reproducers (classes A, B, D) stored directly', () => {
  let store: Awaited<ReturnType<typeof tempStore>>['store'];
  let dataDir: string;
  let dispose: () => Promise<void>;
  let ds: string;

  beforeAll(async () => {
    ({ store, dataDir, dispose } = await tempStore());
    ds = await store.ensureDatastore('fuzz');
  });

  afterAll(() => dispose?.());

  it.each(repros.map((r) => [r.name, r.class, r]))(
    '%s (class %s): as fuzz-repro/expected.tsv says, the store byte-identical after a refusal',
    async (name, _class, repro) => {
      const before = snapshot(dataDir);
      let outcome: string;
      let status: number | undefined;
      try {
        const stored = await store.storeInstance(ds, fs.readFileSync(repro.file), { source: name });
        outcome = `stored:${stored.frames}`;
      } catch (error) {
        if (!(error instanceof IngestRefusedError)) throw error;
        outcome = `refused:${refusalClass(error.reason)}`;
        status = error.status;
      }
      expect({ name, outcome }).toEqual({ name, outcome: repro.expected.ingest });
      if (outcome.startsWith('refused:')) {
        // Bad input is never a server failure.
        expect(status).toBe(0xc000);
        expect(snapshot(dataDir)).toEqual(before);
      }
    },
  );
});

/**
 * Every file under the store's folder with its bytes: the index and its WAL included (a refusal
 * writes nothing at all), but not SQLite's shared-memory file, which readers change.
 */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.endsWith('-shm')) continue;
    const full = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, full)] = fs.readFileSync(full).toString('base64');
  }
  return out;
}
