import { execFile } from 'node:child_process';
import { TransferSyntax } from '@triage/dicom';

/** What a dcmtk client printed and how it exited. */
export interface DcmtkRun {
  code: number;
  output: string;
}

/** Runs a dcmtk tool (echoscu, storescu) and collects stdout and stderr together. */
export function runDcmtk(tool: string, args: string[]): Promise<DcmtkRun> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: error ? Number(error.code) : 0, output: `${stdout}${stderr}` });
    });
  });
}

/** The storescu option that proposes a transfer syntax first, so that a file is sent as it is stored. */
const PROPOSE: Record<string, string> = {
  [TransferSyntax.ImplicitVRLittleEndian]: '-xi',
  [TransferSyntax.ExplicitVRLittleEndian]: '-xe',
  [TransferSyntax.ExplicitVRBigEndian]: '-xb',
  [TransferSyntax.DeflatedExplicitVRLittleEndian]: '-xd',
  [TransferSyntax.RLELossless]: '-xr',
  '1.2.840.10008.1.2.4.50': '-xy',
  '1.2.840.10008.1.2.4.51': '-xx',
  '1.2.840.10008.1.2.4.70': '-xs',
  '1.2.840.10008.1.2.4.80': '-xt',
  '1.2.840.10008.1.2.4.81': '-xu',
  '1.2.840.10008.1.2.4.90': '-xv',
  '1.2.840.10008.1.2.4.91': '-xw',
};

/** The storescu proposal option for a file's transfer syntax (its default, uncompressed, when storescu has none). */
export function proposeOption(transferSyntaxUid: string | undefined): string {
  return (transferSyntaxUid && PROPOSE[transferSyntaxUid]) || '-x=';
}
