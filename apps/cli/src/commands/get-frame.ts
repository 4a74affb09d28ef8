import * as fs from 'node:fs';
import type { Command } from 'commander';
import type { ApiOptions } from '../client/api-target';
import { apiTarget, withApiOptions } from '../client/api-target';
import { apiRequest, expectOk } from '../client/http';
import { readMultipart } from '../client/multipart-reader';
import { DICOMWEB } from '../client/stow';
import { CliError } from '../support/cli-error';
import { positiveInt } from '../support/parse-number';
import { checkUid } from '../support/uid';

interface GetFrameOptions extends ApiOptions {
  study: string;
  series: string;
  instance: string;
  frame: string;
  out?: string;
  format: string;
}

/** The Accept header of each format (PS3.18 8.7.3.5): HTJ2K lossless RPCL, or Explicit VR Little Endian bytes. */
const FORMATS: Record<string, { accept: string; extension: string }> = {
  htj2k: {
    accept:
      'multipart/related; type="image/jph"; transfer-syntax=1.2.840.10008.1.2.4.202, multipart/related; type="image/jphc"; transfer-syntax=1.2.840.10008.1.2.4.202',
    extension: 'jhc',
  },
  raw: { accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=1.2.840.10008.1.2.1', extension: 'raw' },
};

/** `triage get-frame`: one frame by WADO-RS, its bytes written to a file. */
export function registerGetFrame(program: Command): void {
  withApiOptions(program.command('get-frame').description('retrieve one frame by WADO-RS and write its bytes to a file'))
    .requiredOption('--study <uid>', 'StudyInstanceUID')
    .requiredOption('--series <uid>', 'SeriesInstanceUID')
    .requiredOption('--instance <uid>', 'SOPInstanceUID')
    .option('--frame <n>', 'frame number, from 1', '1')
    .option('--format <format>', 'htj2k (lossless HTJ2K codestream) or raw (uncompressed little-endian pixels)', 'htj2k')
    .option('--out <file>', 'output file (default: frame-N.jhc or frame-N.raw)')
    .action(async (options: GetFrameOptions) => {
      const target = apiTarget(options);
      const format = FORMATS[options.format];
      if (!format) throw new CliError(`--format: '${options.format}' is not htj2k or raw`, 2);
      const frame = positiveInt('--frame', options.frame, 1 << 20);
      const path = `${DICOMWEB}/studies/${checkUid('--study', options.study)}/series/${checkUid('--series', options.series)}/instances/${checkUid('--instance', options.instance)}/frames/${frame}`;
      const response = expectOk(`WADO-RS frame ${frame}`, await apiRequest(target, path, { headers: { accept: format.accept } }));
      const parts = readMultipart(response.body, response.contentType);
      if (parts.length !== 1) throw new CliError(`WADO-RS frame ${frame}: expected one part, got ${parts.length}`);
      const [part] = parts;
      const out = options.out ?? `frame-${frame}.${format.extension}`;
      writeAtomic(out, part.body);
      const type = part.headers['content-type'] ?? 'no Content-Type';
      process.stdout.write(`${out}: ${part.body.length} bytes, ${type}\n`);
    });
}

function writeAtomic(target: string, bytes: Uint8Array): void {
  const temp = `${target}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, bytes);
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw new CliError(`${target}: cannot write (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
