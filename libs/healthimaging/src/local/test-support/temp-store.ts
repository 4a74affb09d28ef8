import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalHealthImaging, LocalHealthImagingOptions } from '../local-health-imaging';

/** A store in a fresh temporary folder; `dispose` closes it and removes the folder. */
export async function tempStore(
  options: Partial<LocalHealthImagingOptions> = {},
): Promise<{ store: LocalHealthImaging; dataDir: string; dispose: () => Promise<void> }> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'triage-hi-'));
  const store = await LocalHealthImaging.open({ ...options, dataDir });
  return {
    store,
    dataDir,
    dispose: async () => {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Reads a stream to one buffer. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
