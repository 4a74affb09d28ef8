import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HealthImagingError } from '../../health-imaging-error';

/**
 * The folder a job's `inputS3Uri`/`outputS3Uri` names: a file:// URL or an absolute path,
 * inside one of `roots` when roots are given. s3:// needs the AWS implementation.
 */
export function localFolder(field: string, uri: string | undefined, roots: string[] | undefined): string {
  if (!uri) throw new HealthImagingError('ValidationException', `${field} is required`);
  if (/^s3:\/\//i.test(uri)) {
    throw new HealthImagingError(
      'ValidationException',
      `${field} ${uri}: S3 locations need the AWS HealthImaging implementation; the local store imports from file:// folders`,
    );
  }
  let folder: string;
  if (uri.startsWith('file://')) {
    try {
      folder = fileURLToPath(uri);
    } catch (error) {
      throw new HealthImagingError('ValidationException', `${field} is not a valid file:// URL: ${(error as Error).message}`);
    }
  } else if (path.isAbsolute(uri)) {
    folder = uri;
  } else {
    throw new HealthImagingError('ValidationException', `${field} must be a file:// URL or an absolute path`);
  }
  folder = path.resolve(folder);
  if (roots && !roots.some((root) => folder === path.resolve(root) || folder.startsWith(path.resolve(root) + path.sep))) {
    throw new HealthImagingError('ValidationException', `${field} is outside the folders this store may import from or write to`);
  }
  return folder;
}

/** Every regular file under `folder`, sorted, as paths relative to it. */
export function filesUnder(folder: string): string[] {
  const stat = fs.statSync(folder, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) throw new HealthImagingError('ValidationException', `input folder ${folder} does not exist or is not a folder`);
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => path.relative(folder, path.join(e.parentPath, e.name)))
    .sort();
}
