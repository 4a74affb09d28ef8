import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from '../support/cli-error';

/** A file to consider for ingest. */
export interface Candidate {
  path: string;
  size: number;
  /** True when named on the command line: always sent, the server has its say. */
  explicit: boolean;
}

/** Lists a file, or every file under a folder (recursively, sorted, symbolic links not followed). */
export async function findFiles(target: string): Promise<Candidate[]> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `${target}: no such file or folder` : `${target}: cannot read (${code ?? String(error)})`);
  }
  if (stat.isFile()) return [{ path: target, size: stat.size, explicit: true }];
  if (!stat.isDirectory()) throw new CliError(`${target}: not a file or folder`);
  const found: Candidate[] = [];
  await walk(target, found);
  return found;
}

async function walk(dir: string, found: Candidate[]): Promise<void> {
  const entries = await fs.promises.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, found);
    else if (entry.isFile()) found.push({ path: full, size: (await fs.promises.stat(full)).size, explicit: false });
  }
}
