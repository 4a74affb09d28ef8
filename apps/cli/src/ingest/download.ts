import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { CliError } from '../support/cli-error';

/** Whether an ingest argument is a URL rather than a path. */
export function isUrl(arg: string): boolean {
  return /^https?:\/\//i.test(arg);
}

/**
 * Streams a remote DICOM file to a private temporary folder, so it is sent like any local file.
 * Our API token is never sent to the remote host. The caller removes `dir` afterwards.
 */
export async function download(url: string): Promise<{ dir: string; file: string; size: number }> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'triage-ingest-'));
  const file = path.join(dir, 'instance.dcm');
  try {
    const response = await fetch(url, { headers: { accept: 'application/dicom, */*' }, redirect: 'follow' });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new CliError(`${url}: HTTP ${response.status}`);
    }
    await pipeline(Readable.fromWeb(response.body as ReadableStream<Uint8Array>), fs.createWriteStream(file, { mode: 0o600 }));
    return { dir, file, size: (await fs.promises.stat(file)).size };
  } catch (error) {
    await fs.promises.rm(dir, { recursive: true, force: true });
    if (error instanceof CliError) throw error;
    const code = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
    throw new CliError(`${url}: cannot fetch (${code ?? (error as Error).message})`);
  }
}
