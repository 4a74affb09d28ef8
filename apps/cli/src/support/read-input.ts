import * as fs from 'node:fs';
import { CliError } from './cli-error';

/** Reads a file named on the command line, turning file-system errors into one-line messages. */
export function readInputFile(file: string): Buffer {
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) throw new CliError(`${file}: is a directory, expected a DICOM file`);
    return fs.readFileSync(file);
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? (error as Error).message})`);
  }
}

/** Creates an output directory (and parents), refusing a path that exists as a file. */
export function ensureOutputDir(dir: string): void {
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new CliError(`${dir}: exists and is not a directory`);
  fs.mkdirSync(dir, { recursive: true });
}
