import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseProgressMessage } from '@triage/healthimaging';
import type { ApiContext } from '../app/api-context';
import { replyProblem } from '../app/problem';

/** Options of {@link importJobRoutes}. */
export interface ImportJobRoutesOptions extends Omit<ApiContext, 'metrics'> {
  /** Where job manifests are written: <outputDir>/<datastore>-DicomImport-<job>/. */
  outputDir: string;
  /** When given, only folders under these may be imported (TRIAGE_IMPORT_ROOTS). */
  importRoots?: string[];
}

const JobId = Type.String({ pattern: '^[0-9a-f]{32}$', description: 'the import job id' });
const StartBody = Type.Object(
  { inputDir: Type.String({ minLength: 1, maxLength: 4096, description: 'absolute path of a folder on the server' }) },
  { additionalProperties: false },
);
const Progress = Type.Object({ done: Type.Integer(), total: Type.Integer(), imported: Type.Integer(), failed: Type.Integer() });
const Failure = Type.Object({ inputFile: Type.String(), reason: Type.String() });
const JobView = Type.Object({
  jobId: Type.String(),
  jobStatus: Type.String(),
  message: Type.Optional(Type.String()),
  progress: Type.Optional(Progress),
  submittedAt: Type.Optional(Type.String()),
  endedAt: Type.Optional(Type.String()),
  summary: Type.Optional(
    Type.Object({
      scanned: Type.Integer(),
      imported: Type.Integer(),
      failed: Type.Integer(),
      imageSets: Type.Integer(),
      manifestDir: Type.String(),
    }),
  ),
  failures: Type.Optional(Type.Array(Failure)),
});

/** At most this many failures (with reasons) come with a finished job; the failure manifest has them all. */
const MAX_FAILURES = 1000;

/**
 * Folder import jobs for bearer-token clients (`triage import`): POST /import-jobs starts one
 * over a server-side folder, GET /import-jobs/{id} says how far it is and, once finished, what
 * its manifests say.
 */
export const importJobRoutes: FastifyPluginAsyncTypebox<ImportJobRoutesOptions> = async (app, options) => {
  const { store, datastoreId } = options;
  const tags = ['import jobs'];

  app.post(
    '/import-jobs',
    {
      config: { action: 'healthimaging.write' },
      schema: { tags, summary: 'start importing a folder', body: StartBody, response: { 202: JobView } },
    },
    async (request, reply) => {
      const inputDir = request.body.inputDir;
      if (!path.isAbsolute(inputDir) || inputDir.includes('\0')) return replyProblem(reply, 400, 'inputDir must be an absolute path');
      let real: string;
      try {
        real = fs.realpathSync(inputDir);
      } catch {
        return replyProblem(reply, 400, `inputDir ${inputDir} does not exist`);
      }
      if (!fs.statSync(real).isDirectory()) return replyProblem(reply, 400, `inputDir ${inputDir} is not a directory`);
      // Checked after resolving links, so a link cannot lead outside the allowed folders.
      if (
        options.importRoots?.length &&
        !options.importRoots.some((root) => real === path.resolve(root) || real.startsWith(path.resolve(root) + path.sep))
      ) {
        return replyProblem(reply, 403, `inputDir ${inputDir} is outside the folders this server imports from (TRIAGE_IMPORT_ROOTS)`);
      }
      fs.mkdirSync(options.outputDir, { recursive: true });
      const started = await store.startDICOMImportJob({
        datastoreId,
        dataAccessRoleArn: 'arn:aws:iam::000000000000:role/triage-local',
        inputS3Uri: pathToFileURL(real).href,
        outputS3Uri: pathToFileURL(options.outputDir).href,
      });
      return reply
        .code(202)
        .send({ jobId: String(started.jobId), jobStatus: String(started.jobStatus), submittedAt: started.submittedAt?.toISOString() });
    },
  );

  app.get(
    '/import-jobs/:jobId',
    {
      config: { action: 'healthimaging.read' },
      schema: {
        tags,
        summary: 'an import job: status, progress, and its manifest once finished',
        params: Type.Object({ jobId: JobId }),
        response: { 200: JobView },
      },
    },
    async (request) => {
      const { jobProperties: job } = await store.getDICOMImportJob({ datastoreId, jobId: request.params.jobId });
      const view: Static<typeof JobView> = {
        jobId: request.params.jobId,
        jobStatus: String(job?.jobStatus),
        message: job?.message,
        progress: parseProgressMessage(job?.message),
        submittedAt: job?.submittedAt?.toISOString(),
        endedAt: job?.endedAt?.toISOString(),
      };
      if (job?.jobStatus === 'COMPLETED') {
        // The id was checked against its pattern and the job exists: the folder name is ours.
        const dir = path.join(options.outputDir, `${datastoreId}-DicomImport-${request.params.jobId}`);
        const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'job-output-manifest.json'), 'utf8')).jobSummary;
        view.summary = {
          scanned: manifest.numberOfScannedFiles,
          imported: manifest.numberOfImportedFiles,
          failed: manifest.numberOfFilesWithCustomerError + manifest.numberOfFilesWithServerError,
          imageSets: manifest.numberOfGeneratedImageSets,
          manifestDir: dir,
        };
        view.failures = fs
          .readFileSync(path.join(dir, 'FAILURE', 'failure.ndjson'), 'utf8')
          .split('\n')
          .filter(Boolean)
          .slice(0, MAX_FAILURES)
          .map((line) => {
            const entry = JSON.parse(line) as { inputFile: string; exception?: { message?: string } };
            return { inputFile: entry.inputFile, reason: entry.exception?.message ?? 'unknown' };
          });
      }
      return view;
    },
  );
};
