import { writeFileAtomicSync } from '@triage/platform';
import type { Command } from 'commander';
import type { ApiOptions } from '../client/api-target';
import { apiTarget, withApiOptions } from '../client/api-target';
import type { MultipartPart } from '@triage/dicomweb';
import { dicomwebClient, oneLine } from '../client/dicomweb';
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
      const [study, series, instance] = [
        checkUid('--study', options.study),
        checkUid('--series', options.series),
        checkUid('--instance', options.instance),
      ];
      const what = `WADO-RS frame ${frame}`;
      const parts = await oneLine(target, what, async () => {
        const answer = await dicomwebClient(target).frames(study, series, instance, [frame], format.accept);
        const read: MultipartPart[] = [];
        for await (const part of answer.parts) read.push(part);
        return read;
      });
      if (parts.length !== 1) throw new CliError(`${what}: expected one part, got ${parts.length}`);
      const [part] = parts;
      const out = options.out ?? `frame-${frame}.${format.extension}`;
      writeFileAtomicSync(out, part.body);
      const type = part.headers['content-type'] ?? 'no Content-Type';
      process.stdout.write(`${out}: ${part.body.length} bytes, ${type}\n`);
    });
}
