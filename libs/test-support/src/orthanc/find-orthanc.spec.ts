import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findDicomWebPlugin, OrthancNotInstalledError, requireOrthanc } from './find-orthanc';

describe('requireOrthanc', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'find-orthanc-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names the Debian packages to install when the server is missing', () => {
    const missing = path.join(dir, 'Orthanc');
    expect(() => requireOrthanc(missing, [dir])).toThrow(OrthancNotInstalledError);
    expect(() => requireOrthanc(missing, [dir])).toThrow(
      `Orthanc (${missing}) not found: install it with \`apt-get install orthanc orthanc-dicomweb\``,
    );
  });

  it('names them too when only the DICOMweb plugin is missing', () => {
    const binary = path.join(dir, 'Orthanc');
    fs.writeFileSync(binary, '');
    expect(() => requireOrthanc(binary, [dir])).toThrow(
      /DICOMweb plugin .* not found: install it with `apt-get install orthanc orthanc-dicomweb`/,
    );
  });

  it('prefers the unversioned plugin, else takes a versioned one, in the order of the folders', () => {
    const [a, b] = [path.join(dir, 'a'), path.join(dir, 'b')];
    fs.mkdirSync(a);
    fs.mkdirSync(b);
    fs.writeFileSync(path.join(b, 'libOrthancDicomWeb.so.1.7'), '');
    expect(findDicomWebPlugin([a, b])).toBe(path.join(b, 'libOrthancDicomWeb.so.1.7'));
    fs.writeFileSync(path.join(b, 'libOrthancDicomWeb.so'), '');
    expect(findDicomWebPlugin([a, b])).toBe(path.join(b, 'libOrthancDicomWeb.so'));
    fs.writeFileSync(path.join(a, 'libOrthancDicomWeb.so.1.8'), '');
    expect(findDicomWebPlugin([a, b])).toBe(path.join(a, 'libOrthancDicomWeb.so.1.8'));
    expect(findDicomWebPlugin([path.join(dir, 'none')])).toBeUndefined();
  });
});
