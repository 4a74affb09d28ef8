import * as fs from 'node:fs';
import type { Command } from 'commander';
import type { ApiOptions } from '../client/api-target';
import { apiTarget, withApiOptions } from '../client/api-target';
import { download, isUrl } from '../ingest/download';
import type { Candidate } from '../ingest/find-files';
import { findFiles } from '../ingest/find-files';
import { formatReport, tally } from '../ingest/ingest-report';
import { selectInstances, sendInstances } from '../ingest/run-ingest';
import { MAX_BATCH_BYTES } from '../ingest/batches';
import { CliError } from '../support/cli-error';
import { positiveInt } from '../support/parse-number';
import { progressBar } from '../support/progress';

interface IngestCommandOptions extends ApiOptions {
  concurrency: string;
  batchSize: string;
}

/** `triage ingest PATH|URL`: STOW-RS every DICOM file of a file, folder or URL to the running API. */
export function registerIngest(program: Command): void {
  withApiOptions(
    program
      .command('ingest')
      .description('store DICOM files in the running API by STOW-RS (a file, a folder recursively, or an http(s) URL)')
      .argument('<source>', 'file, folder or http(s) URL of a DICOM file'),
  )
    .option('--concurrency <n>', 'STOW-RS requests in flight', '4')
    .option('--batch-size <n>', 'instances per request', '16')
    .action(async (source: string, options: IngestCommandOptions) => {
      const target = apiTarget(options);
      const concurrency = positiveInt('--concurrency', options.concurrency, 64);
      const maxFiles = positiveInt('--batch-size', options.batchSize, 1000);
      let candidates: Candidate[];
      let cleanup: string | undefined;
      if (isUrl(source)) {
        const fetched = await download(source);
        cleanup = fetched.dir;
        candidates = [{ path: fetched.file, size: fetched.size, explicit: true }];
      } else {
        candidates = await findFiles(source);
      }
      try {
        const { send, skipped } = await selectInstances(candidates);
        const bar = progressBar('ingest', send.length);
        let outcomes;
        try {
          outcomes = await sendInstances(target, send, {
            concurrency,
            maxFiles,
            maxBytes: MAX_BATCH_BYTES,
            onProgress: (n) => bar.tick(n),
          });
        } finally {
          bar.stop();
        }
        const named = cleanup ? outcomes.map((o) => ({ ...o, path: source })) : outcomes;
        const report = tally([...named.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), ...skipped]);
        process.stdout.write(formatReport(source, report));
        if (report.refused.length > 0) throw new CliError(`${report.refused.length} of ${send.length} file(s) refused`);
      } finally {
        if (cleanup) await fs.promises.rm(cleanup, { recursive: true, force: true });
      }
    });
}
