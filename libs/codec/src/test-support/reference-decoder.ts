import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TransferSyntax } from '@triage/dicom';

/** The Debian tool that writes an uncompressed copy of a file in a transfer syntax, with its arguments. */
export function referenceCommand(transferSyntaxUid: string, input: string, output: string): [string, string[]] {
  switch (transferSyntaxUid) {
    case TransferSyntax.RLELossless:
      return ['dcmdrle', [input, output]];
    case TransferSyntax.JPEGBaseline8Bit:
    case TransferSyntax.JPEGExtended12Bit:
    case TransferSyntax.JPEGLossless:
    case TransferSyntax.JPEGLosslessSV1:
      // +cg: convert YCbCr to RGB exactly when the JPEG library guesses the stream is YCbCr,
      // which is what libjpeg-turbo does on our side; +px: interleaved like our output.
      return ['dcmdjpeg', ['+cg', '+px', input, output]];
    case TransferSyntax.JPEGLSLossless:
    case TransferSyntax.JPEGLSNearLossless:
      return ['dcmdjpls', ['+px', input, output]];
    case TransferSyntax.JPEG2000Lossless:
    case TransferSyntax.JPEG2000:
    case TransferSyntax.HTJ2KLossless:
    case TransferSyntax.HTJ2KLosslessRPCL:
    case TransferSyntax.HTJ2K:
      // The free dcmtk has no JPEG 2000 decoder.
      return ['gdcmconv', ['--raw', input, output]];
    default:
      return ['dcmconv', ['+te', input, output]];
  }
}

/** Runs a reference tool; a missing tool is an error (CI installs dcmtk and libgdcm-tools), never a skip. */
export function runTool(tool: string, args: string[]): void {
  try {
    execFileSync(tool, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: Buffer };
    if (e.code === 'ENOENT') {
      throw new Error(`${tool} is not installed: apt-get install dcmtk libgdcm-tools (the codec tests compare against them)`);
    }
    throw new Error(`${tool} ${args.join(' ')} failed: ${e.stderr?.toString().trim() || e.message}`);
  }
}

/** Writes the uncompressed reference of `input` into `dir` and returns its path. */
export function writeReference(transferSyntaxUid: string, input: string, dir: string): string {
  const output = path.join(dir, `${path.basename(input)}.ref.dcm`);
  const [tool, args] = referenceCommand(transferSyntaxUid, input, output);
  runTool(tool, args);
  if (!fs.existsSync(output)) throw new Error(`${tool} wrote no output for ${input}`);
  return output;
}

/** Fails now, with the apt command, when a reference tool is missing. */
export function assertReferenceToolsInstalled(): void {
  for (const tool of ['dcmdjpeg', 'dcmdrle', 'dcmdjpls', 'dcmconv', 'dcmcjpls', 'dcmcjpeg', 'gdcmconv']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      throw new Error(`${tool} is not installed: apt-get install dcmtk libgdcm-tools (the codec tests compare against them)`);
    }
  }
}
