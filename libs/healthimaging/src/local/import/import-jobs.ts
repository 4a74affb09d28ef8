import type {
  DICOMImportJobProperties, DICOMImportJobSummary, GetDICOMImportJobCommandInput, GetDICOMImportJobCommandOutput, JobStatus,
  ListDICOMImportJobsCommandInput, ListDICOMImportJobsCommandOutput, StartDICOMImportJobCommandInput, StartDICOMImportJobCommandOutput,
} from '@aws-sdk/client-medical-imaging';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DatastoreId } from '@triage/dicom';
import { IngestRefusedError, type StoreOutcome } from '../../dicom-store';
import type { Out } from '../../health-imaging';
import { HealthImagingError } from '../../health-imaging-error';
import { checkResourceId, newResourceId } from '../../resource-ids';
import { requireDatastore } from '../control/datastores';
import { pageOf } from '../control/pagination';
import type { LocalContext } from '../local-context';
import { writeFileAtomic } from '../storage/atomic-write';
import { filesUnder, localFolder } from './local-uri';
import { statement } from '../storage/statements';

interface JobRow {
  id: string;
  datastore_id: string;
  name: string;
  status: JobStatus;
  role_arn: string;
  input_uri: string;
  output_uri: string;
  submitted_at: number;
  ended_at: number | null;
  message: string | null;
}

type Store = (datastoreId: DatastoreId, bytes: Uint8Array, source: string) => Promise<StoreOutcome>;

/**
 * DICOM import jobs from local folders, run in the background one file at a time through the
 * same ingest as STOW-RS. A job a restart interrupted runs again (ingest is idempotent).
 * Output: HealthImaging's manifest layout under the output folder.
 */
export class ImportJobs {
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(private readonly ctx: LocalContext, private readonly store: Store, private readonly roots?: string[]) {}

  /** StartDICOMImportJob: checks the folders, records the job SUBMITTED, and starts it. */
  start(input: StartDICOMImportJobCommandInput): Out<StartDICOMImportJobCommandOutput> {
    const ds = requireDatastore(this.ctx, input.datastoreId).id;
    const inputFolder = localFolder('inputS3Uri', input.inputS3Uri, this.roots);
    filesUnder(inputFolder);
    localFolder('outputS3Uri', input.outputS3Uri, this.roots);
    const name = input.jobName ?? `import-${new Date(this.ctx.now()).toISOString().replace(/[:.]/g, '-')}`;
    if (!/^[A-Za-z0-9._/#-]{1,64}$/.test(name)) throw new HealthImagingError('ValidationException', 'jobName must be 1 to 64 letters, digits or . _ / # -');
    const id = newResourceId();
    const submitted = this.ctx.now();
    statement(this.ctx.db, `INSERT INTO import_jobs (id, datastore_id, name, status, role_arn, input_uri, output_uri, submitted_at)
      VALUES (?, ?, ?, 'SUBMITTED', ?, ?, ?, ?)`).run(id, ds, name, input.dataAccessRoleArn ?? '', input.inputS3Uri, input.outputS3Uri, submitted.getTime());
    this.launch(id);
    return { datastoreId: ds, jobId: id, jobStatus: 'SUBMITTED', submittedAt: submitted };
  }

  /** GetDICOMImportJob. */
  get(input: GetDICOMImportJobCommandInput): Out<GetDICOMImportJobCommandOutput> {
    const ds = requireDatastore(this.ctx, input.datastoreId).id;
    const jobId = checkResourceId('jobId', input.jobId);
    const row = statement<[string, string], JobRow>(this.ctx.db, 'SELECT * FROM import_jobs WHERE id = ? AND datastore_id = ?').get(jobId, ds);
    if (!row) throw new HealthImagingError('ResourceNotFoundException', `import job ${jobId} does not exist in datastore ${ds}`);
    const properties: DICOMImportJobProperties = { ...summary(row), dataAccessRoleArn: row.role_arn, inputS3Uri: row.input_uri, outputS3Uri: row.output_uri };
    return { jobProperties: properties };
  }

  /** ListDICOMImportJobs, newest first. */
  list(input: ListDICOMImportJobsCommandInput): Out<ListDICOMImportJobsCommandOutput> {
    const ds = requireDatastore(this.ctx, input.datastoreId).id;
    const rows = statement<[string], JobRow>(this.ctx.db, 'SELECT * FROM import_jobs WHERE datastore_id = ? ORDER BY submitted_at DESC, id').all(ds)
      .filter((r) => !input.jobStatus || r.status === input.jobStatus);
    const page = pageOf(rows, input.maxResults, input.nextToken, 50);
    return { jobSummaries: page.items.map(summary), nextToken: page.nextToken };
  }

  /** Starts again the jobs a stop or crash left SUBMITTED or IN_PROGRESS. */
  resumeInterrupted(): void {
    const rows = statement<[], { id: string }>(this.ctx.db, "SELECT id FROM import_jobs WHERE status IN ('SUBMITTED', 'IN_PROGRESS') ORDER BY submitted_at").all();
    for (const row of rows) this.launch(row.id);
  }

  /** Stops after the file each running job is on; they resume at the next open. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running.values()]);
  }

  private launch(id: string): void {
    const run = this.run(id).finally(() => this.running.delete(id));
    this.running.set(id, run);
  }

  private async run(id: string): Promise<void> {
    const job = statement<[string], JobRow>(this.ctx.db, 'SELECT * FROM import_jobs WHERE id = ?').get(id) as JobRow;
    // Let the caller see SUBMITTED before the job moves on.
    await new Promise((resolve) => setImmediate(resolve));
    this.setStatus(id, 'IN_PROGRESS', null);
    try {
      const input = localFolder('inputS3Uri', job.input_uri, this.roots);
      const output = path.join(localFolder('outputS3Uri', job.output_uri, this.roots), `${job.datastore_id}-DicomImport-${id}`);
      const successes: string[] = [];
      const failures: string[] = [];
      const imageSets = new Map<string, { imageSetId: string; isPrimary?: boolean }>();
      for (const file of filesUnder(input)) {
        if (this.stopping) return;
        try {
          const outcome = await this.store(job.datastore_id, fs.readFileSync(path.join(input, file)), file);
          imageSets.set(outcome.imageSetId, { imageSetId: outcome.imageSetId });
          successes.push(JSON.stringify({ inputFile: file, importResponse: { imageSetId: outcome.imageSetId, sopInstanceUid: outcome.sopInstanceUid, status: outcome.status } }));
        } catch (error) {
          const refused = error instanceof IngestRefusedError;
          failures.push(JSON.stringify({
            inputFile: file,
            exception: { exceptionType: refused ? 'IngestRefused' : 'InternalServerException', message: refused ? error.reason : (error as Error).message },
          }));
        }
      }
      const tmp = this.ctx.layout.tmpDir;
      await writeFileAtomic(tmp, path.join(output, 'SUCCESS', 'success.ndjson'), Buffer.from(successes.map((l) => `${l}\n`).join('')));
      await writeFileAtomic(tmp, path.join(output, 'FAILURE', 'failure.ndjson'), Buffer.from(failures.map((l) => `${l}\n`).join('')));
      const manifest = {
        jobSummary: {
          jobId: id, datastoreId: job.datastore_id, inputS3Uri: job.input_uri, outputS3Uri: job.output_uri,
          successOutputS3Uri: path.join(output, 'SUCCESS') + path.sep, failureOutputS3Uri: path.join(output, 'FAILURE') + path.sep,
          numberOfScannedFiles: successes.length + failures.length, numberOfImportedFiles: successes.length,
          numberOfFilesWithCustomerError: failures.length, numberOfFilesWithServerError: 0,
          numberOfGeneratedImageSets: imageSets.size, imageSetsSummary: [...imageSets.values()],
        },
      };
      await writeFileAtomic(tmp, path.join(output, 'job-output-manifest.json'), Buffer.from(JSON.stringify(manifest, null, 2)));
      this.setStatus(id, 'COMPLETED', `${successes.length} file(s) imported, ${failures.length} failed`);
    } catch (error) {
      this.setStatus(id, 'FAILED', (error as Error).message);
    }
  }

  private setStatus(id: string, status: JobStatus, message: string | null): void {
    if (!this.ctx.db.open) return;
    const ended = status === 'COMPLETED' || status === 'FAILED' ? this.ctx.now().getTime() : null;
    statement(this.ctx.db, 'UPDATE import_jobs SET status = ?, message = ?, ended_at = ? WHERE id = ?').run(status, message, ended, id);
  }
}

function summary(row: JobRow): DICOMImportJobSummary {
  return {
    jobId: row.id, jobName: row.name, jobStatus: row.status, datastoreId: row.datastore_id, dataAccessRoleArn: row.role_arn,
    submittedAt: new Date(row.submitted_at), endedAt: row.ended_at === null ? undefined : new Date(row.ended_at), message: row.message ?? undefined,
  };
}
