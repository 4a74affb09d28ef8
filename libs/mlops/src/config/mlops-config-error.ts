/** A configuration file that cannot be used: names the file, the JSON path of the bad value and what is expected. */
export class MlopsConfigError extends Error {
  override readonly name = 'MlopsConfigError';
  constructor(
    readonly file: string,
    /** JSON Pointer of the bad value (`/trigger/minNewLabels`); empty for the document itself. */
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${file}: ${path === '' ? '(document)' : path}: ${reason}`);
  }
}
