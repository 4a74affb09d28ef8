import type { PropertyFileJson } from './pipeline-definition-json';

/** A JSON file that a processing step writes into one of its outputs; `Std:JsonGet` reads values from it once the step has run. */
export class PropertyFile {
  constructor(
    readonly name: string,
    readonly outputName: string,
    /** The file's path relative to the output's local folder. */
    readonly path: string,
  ) {}

  /** The entry in the step's `PropertyFiles`. */
  toJson(): PropertyFileJson {
    return { PropertyFileName: this.name, OutputName: this.outputName, FilePath: this.path };
  }
}
