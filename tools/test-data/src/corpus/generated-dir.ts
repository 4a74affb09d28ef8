import * as fs from 'node:fs';
import * as path from 'node:path';

/** Encodings the corpus lacks (JPEG-LS, lossless and 12-bit JPEG), made once with dcmtk's encoders and committed. */
export function generatedDir(): string {
  return path.resolve(__dirname, '../../generated');
}

/** Every generated `.dcm` file, sorted by name. */
export function generatedFiles(): string[] {
  return fs
    .readdirSync(generatedDir())
    .filter((f) => f.endsWith('.dcm'))
    .sort()
    .map((f) => path.join(generatedDir(), f));
}
