import { DicomError, readPart10, toDicomJson } from '@triage/dicom';
import type { Command } from 'commander';
import { CliError } from '../support/cli-error';
import { readInputFile } from '../support/read-input';

/** `triage dicom info FILE`: the file's metadata as DICOM JSON (PS3.18 F.2) on stdout. */
export function registerDicomInfo(dicom: Command): void {
  dicom
    .command('info')
    .description('print the metadata of a DICOM file as DICOM JSON')
    .argument('<file>', 'DICOM Part 10 file')
    .option('--meta', 'include the file meta information (group 0002)')
    .option('--bulk-threshold <bytes>', 'binary values larger than this are left out', '1024')
    .action((file: string, options: { meta?: boolean; bulkThreshold: string }) => {
      const threshold = Number(options.bulkThreshold);
      if (!Number.isInteger(threshold) || threshold < 0)
        throw new CliError(`--bulk-threshold: '${options.bulkThreshold}' is not a byte count`, 2);
      try {
        const parsed = readPart10(readInputFile(file), { source: file });
        const json = toDicomJson(parsed, { includeMeta: options.meta ?? false, bulkDataThreshold: threshold });
        process.stdout.write(JSON.stringify(json, null, 2) + '\n');
      } catch (error) {
        if (error instanceof DicomError) throw new CliError(error.message);
        throw error;
      }
    });
}
