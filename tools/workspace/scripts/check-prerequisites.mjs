#!/usr/bin/env node
// Runs first in `npm test`: the real-client and real-peer tests need Debian packages that npm cannot
// install. Without them the suite would fail in hundreds of places; this names what is missing at once.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** What the tests run, by the Debian package that ships it. */
const PREREQUISITES = [
  { pkg: 'dcmtk', why: 'the real DICOM clients and dump tool the DIMSE and DICOM tests run', files: ['storescu', 'echoscu', 'dcmdump'] },
  { pkg: 'orthanc', why: 'the peer DICOM server the DICOMweb interoperability test drives', files: ['Orthanc'] },
  {
    pkg: 'orthanc-dicomweb',
    why: "Orthanc's DICOMweb plugin",
    files: ['libOrthancDicomWeb.so'],
  },
  { pkg: 'chromium', why: 'the browser the viewer tests drive (playwright-core never downloads one)', files: ['chromium'] },
];

// Orthanc lives in /usr/sbin, its plugins in their own folder; TRIAGE_PREREQUISITE_DIRS replaces the whole
// search (the spec of this script uses it to play a machine without the packages).
const searchPath = (
  process.env.TRIAGE_PREREQUISITE_DIRS?.split(delimiter) ?? [
    ...(process.env.PATH ?? '').split(delimiter),
    '/usr/sbin',
    '/sbin',
    '/usr/share/orthanc/plugins',
  ]
).filter(Boolean);

function found(file) {
  return searchPath.some((dir) => {
    try {
      accessSync(join(dir, file), file.endsWith('.so') ? constants.R_OK : constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const missing = PREREQUISITES.map((p) => ({ ...p, absent: p.files.filter((f) => !found(f)) })).filter((p) => p.absent.length > 0);
if (missing.length > 0) {
  const what = missing.map((p) => `${p.pkg} (${p.absent.join(', ')} not found; ${p.why})`).join('; ');
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  console.error(
    `npm test needs Debian packages that are not installed: ${what}. ` +
      `Install them with: ${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${missing.map((p) => p.pkg).join(' ')}`,
  );
  process.exit(1);
}
