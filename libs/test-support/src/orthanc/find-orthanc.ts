import * as fs from 'node:fs';
import * as path from 'node:path';

/** The Debian packages that provide Orthanc and its DICOMweb plugin. */
export const ORTHANC_PACKAGES = ['orthanc', 'orthanc-dicomweb'] as const;

/** Where Debian's `orthanc` package puts the server. */
export const ORTHANC_BINARY = '/usr/sbin/Orthanc';

/** Folders where Debian's `orthanc-dicomweb` puts the plugin: a stable link, and the versioned library it points to. */
const PLUGIN_DIRS = ['/usr/share/orthanc/plugins', '/usr/lib/orthanc'];

/** An Orthanc server binary and its DICOMweb plugin. */
export interface OrthancInstallation {
  binary: string;
  dicomWebPlugin: string;
}

/** Thrown when Orthanc or its DICOMweb plugin is missing: names the packages to install. */
export class OrthancNotInstalledError extends Error {
  constructor(missing: string) {
    super(`${missing} not found: install it with \`apt-get install ${ORTHANC_PACKAGES.join(' ')}\``);
    this.name = 'OrthancNotInstalledError';
  }
}

/** The DICOMweb plugin under `dirs`: the unversioned name first, then any versioned `libOrthancDicomWeb.so.*`. */
export function findDicomWebPlugin(dirs: readonly string[] = PLUGIN_DIRS): string | undefined {
  for (const dir of dirs) {
    const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    const name = names.includes('libOrthancDicomWeb.so')
      ? 'libOrthancDicomWeb.so'
      : names.find((n) => n.startsWith('libOrthancDicomWeb.so.'));
    if (name) return path.join(dir, name);
  }
  return undefined;
}

/** Orthanc and its DICOMweb plugin as Debian installs them; throws {@link OrthancNotInstalledError} naming what is missing. */
export function requireOrthanc(binary: string = ORTHANC_BINARY, pluginDirs: readonly string[] = PLUGIN_DIRS): OrthancInstallation {
  if (!fs.existsSync(binary)) throw new OrthancNotInstalledError(`Orthanc (${binary})`);
  const dicomWebPlugin = findDicomWebPlugin(pluginDirs);
  if (!dicomWebPlugin)
    throw new OrthancNotInstalledError(`Orthanc's DICOMweb plugin (libOrthancDicomWeb.so under ${pluginDirs.join(' or ')})`);
  return { binary, dicomWebPlugin };
}
