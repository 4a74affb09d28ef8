import type {
  DICOMImportJobProperties,
  DICOMImportJobSummary,
  GetDICOMImportJobCommandInput,
  GetDICOMImportJobCommandOutput,
  JobStatus,
  ListDICOMImportJobsCommandInput,
  ListDICOMImportJobsCommandOutput,
  StartDICOMImportJobCommandInput,
  StartDICOMImportJobCommandOutput,
} from '@aws-sdk/client-medical-imaging';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DatastoreId } from '@triage/dicom';
import { IngestRefusedError, type IngestBatchId, type StoreOutcome } from '../../dicom-store';
import type { Out } from '../../health-imaging';
import { HealthImagingError } from '../../health-imaging-error';
import { checkResourceId, newResourceId } from '../../resource-ids';
import { requireDatastore } from '../control/datastores';
import { pageOf } from '../control/pagination';
import type { LocalContext } from '../local-context';
import { writeFileAtomic } from '@triage/platform';
import { filesUnder, localFolder } from './local-uri';
import { statement } from '../storage/statements';
import { ImportLedger, progressMessage, type LedgerEntry } from './import-ledger';

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

/** The ingest a job stores through; `batch`: the job's id, so that one job makes one version per image set. */
type Store = (datastoreId: DatastoreId, bytes: Uint8Array, source: string, batch: IngestBatchId) => Promise<StoreOutcome>;

/**
 * DICOM import jobs from local folders, run in the background one file at a time through the
 * same ingest as STOW-RS. Each file's outcome is recorded as it is done, and the job's message
 * says how far it is (`progress: 3/10 files (...)`); a job a restart interrupted carries on after
 * the files it recorded. Output: HealthImaging's manifest layout under the output folder.
 */
export class ImportJobs {
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;
  private readonly ledger: ImportLedger;

  constructor(
    private readonly ctx: LocalContext,
    private readonly store: Store,
    private readonly roots?: string[],
  ) {
    this.ledger = new ImportLedger(ctx.db);
  }

  /** StartDICOMImportJob: checks the folders, records the job SUBMITTED, and starts it. */
  start(input: StartDICOMImportJobCommandInput): Out<StartDICOMImportJobCommandOutput> {
    const ds = requireDatastore(this.ctx, input.datastoreId).id;
    const inputFolder = localFolder('inputS3Uri', input.inputS3Uri, this.roots);
    filesUnder(inputFolder);
    localFolder('outputS3Uri', input.outputS3Uri, this.roots);
    const name = input.jobName ?? `import-${new Date(this.ctx.now()).toISOString().replace(/[:.]/g, '-')}`;
    if (!/^[A-Za-z0-9._/#-]{1,64}$/.test(name))
      throw new HealthImagingError('ValidationException', 'jobName must be 1 to 64 letters, digits or . _ / # -');
    const id = newResourceId();
    const submitted = this.ctx.now();
    statement(
      this.ctx.db,
      `INSERT INTO import_jobs (id, datastore_id, name, status, role_arn, input_uri, output_uri, submitted_at)
      VALUES (?, ?, ?, 'SUBMITTED', ?, ?, ?, ?)`,
    ).run(id, ds, name, input.dataAccessRoleArn ?? '', input.inputS3Uri, input.outputS3Uri, submitted.getTime());
    this.launch(id);
    return { datastoreId: ds, jobId: id, jobStatus: 'SUBMITTED', submittedAt: submitted };
  }

  /** GetDICOMImportJob. */
  get(input: GetDICOMImportJobCommandInput): Out<GetDICOMImportJobCommandOutput> {
    const ds = requireDatastore(this.ctx, input.datastoreId).id;
    const jobId = checkResourceId('jobId', input.jobId);
    const row = statement<[string, string], JobRow>(this.ctx.db, 'SELECT * FROM import_jobs WHERE id = ? AND datastore_id = ?').get(
      jobId,
      ds,
    );
    if (!row) throw new HealthImagingError('ResourceNotFoundException', `import job ${jobId} does not exist in datastore ${ds}`);
    const properties: DICOMImportJobProperties = {
      ...summary(row),
      dataAccessRoleArn: row.role_arn,
      inputS3Uri: row.input_uri,
      outputS3Uri: row.output_uri,
    };
    return { jobProperties: properties };
  }

  /** ListDICOMImportJobs, newest first. */
  list(input: ListDICOMImportJobsCommandInput): Out<ListDICOMImportJobsCommandOutput> {
    const ds = requireDatastore(this.ctx, input.datastoreId).id;
    const rows = statement<[string], JobRow>(this.ctx.db, 'SELECT * FROM import_jobs WHERE datastore_id = ? ORDER BY submitted_at DESC, id')
      .all(ds)
      .filter((r) => !input.jobStatus || r.status === input.jobStatus);
    const page = pageOf(rows, input.maxResults, input.nextToken, 50);
    return { jobSummaries: page.items.map(summary), nextToken: page.nextToken };
  }

  /** Starts again the jobs a stop or crash left SUBMITTED or IN_PROGRESS. */
  resumeInterrupted(): void {
    const rows = statement<[], { id: string }>(
      this.ctx.db,
      "SELECT id FROM import_jobs WHERE status IN ('SUBMITTED', 'IN_PROGRESS') ORDER BY submitted_at",
    ).all();
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
    try {
      const input = localFolder('inputS3Uri', job.input_uri, this.roots);
      const output = path.join(localFolder('outputS3Uri', job.output_uri, this.roots), `${job.datastore_id}-DicomImport-${id}`);
      const files = filesUnder(input);
      // A resumed job skips what it already did: no file is imported twice.
      const done = this.ledger.doneFiles(id);
      const counts = this.ledger.counts(id);
      const progress = () => progressMessage({ done: counts.imported + counts.failed, total: files.length, ...counts });
      this.setStatus(id, 'IN_PROGRESS', progress());
      for (const [seq, file] of files.entries()) {
        if (done.has(file)) continue;
        if (this.stopping) return;
        const entry = await this.importFile(job.datastore_id, input, file, id as IngestBatchId);
        if (!this.ctx.db.open) return;
        this.ctx.db.transaction(() => {
          this.ledger.record(id, seq, entry);
          if (entry.ok) counts.imported++;
          else counts.failed++;
          this.setStatus(id, 'IN_PROGRESS', progress());
        })();
      }
      await this.writeManifests(id, job, output);
      this.setStatus(id, 'COMPLETED', `${counts.imported} file(s) imported, ${counts.failed} failed`);
    } catch (error) {
      this.setStatus(id, 'FAILED', (error as Error).message);
    }
  }

  /** Imports one file; a refusal or error is its failure line, never the job's end. */
  private async importFile(datastoreId: string, input: string, file: string, batch: IngestBatchId): Promise<LedgerEntry> {
    try {
      const outcome = await this.store(datastoreId, fs.readFileSync(path.join(input, file)), file, batch);
      const line = JSON.stringify({
        inputFile: file,
        importResponse: { imageSetId: outcome.imageSetId, sopInstanceUid: outcome.sopInstanceUid, status: outcome.status },
      });
      return { file, ok: true, line, imageSetId: outcome.imageSetId };
    } catch (error) {
      const refused = error instanceof IngestRefusedError;
      const line = JSON.stringify({
        inputFile: file,
        exception: {
          exceptionType: refused ? 'IngestRefused' : 'InternalServerException',
          message: refused ? error.reason : (error as Error).message,
        },
      });
      return { file, ok: false, line, imageSetId: null };
    }
  }

  /** HealthImaging's output layout: SUCCESS/success.ndjson, FAILURE/failure.ndjson and job-output-manifest.json. */
  private async writeManifests(id: string, job: JobRow, output: string): Promise<void> {
    const entries = this.ledger.entries(id);
    const successes = entries.filter((e) => e.ok);
    const failures = entries.filter((e) => !e.ok);
    const imageSets = [...new Set(successes.map((e) => e.imageSetId as string))].map((imageSetId) => ({ imageSetId }));
    const tmp = this.ctx.layout.tmpDir;
    const lines = (list: LedgerEntry[]) => Buffer.from(list.map((e) => `${e.line}\n`).join(''));
    await writeFileAtomic(path.join(output, 'SUCCESS', 'success.ndjson'), lines(successes), { tmpDir: tmp });
    await writeFileAtomic(path.join(output, 'FAILURE', 'failure.ndjson'), lines(failures), { tmpDir: tmp });
    const manifest = {
      jobSummary: {
        jobId: id,
        datastoreId: job.datastore_id,
        inputS3Uri: job.input_uri,
        outputS3Uri: job.output_uri,
        successOutputS3Uri: path.join(output, 'SUCCESS') + path.sep,
        failureOutputS3Uri: path.join(output, 'FAILURE') + path.sep,
        numberOfScannedFiles: entries.length,
        numberOfImportedFiles: successes.length,
        numberOfFilesWithCustomerError: failures.length,
        numberOfFilesWithServerError: 0,
        numberOfGeneratedImageSets: imageSets.length,
        imageSetsSummary: imageSets,
      },
    };
    await writeFileAtomic(path.join(output, 'job-output-manifest.json'), JSON.stringify(manifest, null, 2), { tmpDir: tmp });
  }

  private setStatus(id: string, status: JobStatus, message: string | null): void {
    if (!this.ctx.db.open) return;
    const ended = status === 'COMPLETED' || status === 'FAILED' ? this.ctx.now().getTime() : null;
    statement(this.ctx.db, 'UPDATE import_jobs SET status = ?, message = ?, ended_at = ? WHERE id = ?').run(status, message, ended, id);
  }
}

function summary(row: JobRow): DICOMImportJobSummary {
  return {
    jobId: row.id,
    jobName: row.name,
    jobStatus: row.status,
    datastoreId: row.datastore_id,
    dataAccessRoleArn: row.role_arn,
    submittedAt: new Date(row.submitted_at),
    endedAt: row.ended_at === null ? undefined : new Date(row.ended_at),
    message: row.message ?? undefined,
  };
}
