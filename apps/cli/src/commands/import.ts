import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import type { ApiOptions, ApiTarget } from '../client/api-target';
import { apiTarget, withApiOptions } from '../client/api-target';
import { apiRequest, expectOk } from '../client/http';
import { CliError } from '../support/cli-error';
import { progressBar } from '../support/progress';

/** What GET /import-jobs/{id} answers. */
interface ImportJobView {
  jobId: string;
  jobStatus: string;
  message?: string;
  progress?: { done: number; total: number; imported: number; failed: number };
  summary?: { scanned: number; imported: number; failed: number; imageSets: number; manifestDir: string };
  failures?: { inputFile: string; reason: string }[];
}

/** How often the job is asked how far it is. */
const POLL_MS = 250;

/** `triage import DIR`: an import job over a folder the server can read, with a progress bar until it ends. */
export function registerImport(program: Command): void {
  withApiOptions(
    program
      .command('import')
      .description('import a folder on the API server as a HealthImaging import job, showing its progress; prints the manifest summary')
      .argument('<dir>', 'folder (resolved to an absolute path; the server reads it, so it must be on the server machine)'),
  ).action(async (dir: string, options: ApiOptions) => {
    const target = apiTarget(options);
    const inputDir = path.resolve(dir);
    if (!fs.statSync(inputDir, { throwIfNoEntry: false })?.isDirectory()) throw new CliError(`${dir} is not a folder`, 2);
    const started = expectOk(
      'start import job',
      await apiRequest(target, 'import-jobs', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inputDir }),
      }),
    );
    const { jobId } = JSON.parse(started.body.toString('utf8')) as ImportJobView;
    const job = await follow(target, jobId);
    process.stdout.write(formatSummary(inputDir, job));
    if (job.jobStatus !== 'COMPLETED')
      throw new CliError(`import job ${jobId} ${job.jobStatus.toLowerCase()}: ${job.message ?? 'no reason given'}`);
    if ((job.summary?.failed ?? 0) > 0) throw new CliError(`${job.summary?.failed} of ${job.summary?.scanned} file(s) not imported`);
  });
}

/** Polls the job until it ends, moving the progress bar as files are done. */
async function follow(target: ApiTarget, jobId: string): Promise<ImportJobView> {
  let bar: ReturnType<typeof progressBar> | undefined;
  let shown = 0;
  try {
    for (;;) {
      const job = JSON.parse(
        expectOk('import job status', await apiRequest(target, `import-jobs/${jobId}`)).body.toString('utf8'),
      ) as ImportJobView;
      if (job.progress) {
        bar ??= progressBar('import', job.progress.total);
        bar.tick(job.progress.done - shown);
        shown = job.progress.done;
      }
      if (job.jobStatus === 'COMPLETED' || job.jobStatus === 'FAILED') return job;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    bar?.stop();
  }
}

/** The manifest summary: counts, where the manifests are, and each failed file with its reason. */
export function formatSummary(inputDir: string, job: ImportJobView): string {
  const lines = [`import ${inputDir}: job ${job.jobId} ${job.jobStatus.toLowerCase()}`];
  if (job.summary) {
    const s = job.summary;
    lines.push(`  ${s.imported} of ${s.scanned} file(s) imported into ${s.imageSets} image set(s), ${s.failed} failed`);
    for (const f of job.failures ?? []) lines.push(`  failed: ${f.inputFile}: ${f.reason}`);
    lines.push(`  manifests: ${s.manifestDir}`);
  }
  return `${lines.join('\n')}\n`;
}
