import * as fs from 'node:fs';

/** The Debian package that provides the browser the browser tests drive. */
export const CHROMIUM_PACKAGE = 'chromium';

/** Where Debian's `chromium` package puts the browser (a launcher script around the real binary). */
export const CHROMIUM_BINARY = '/usr/bin/chromium';

/** Thrown when the browser is missing: names the package to install (playwright's own download is never used). */
export class ChromiumNotInstalledError extends Error {
  constructor(binary: string) {
    super(`Chromium (${binary}) not found: install it with \`apt-get install ${CHROMIUM_PACKAGE}\``);
    this.name = 'ChromiumNotInstalledError';
  }
}

/** The Chromium binary at `binary`; throws {@link ChromiumNotInstalledError} when it is absent or not executable. */
export function requireChromium(binary: string = CHROMIUM_BINARY): string {
  try {
    fs.accessSync(binary, fs.constants.X_OK);
  } catch {
    throw new ChromiumNotInstalledError(binary);
  }
  return binary;
}
