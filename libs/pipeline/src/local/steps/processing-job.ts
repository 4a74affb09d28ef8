import * as fs from 'node:fs';
import type { Resolved } from '../expressions';
import { type JobContext, type JobResult, listOf, mlLocal, objectOf, runImage } from './job-context';

/** The S3 URIs a Processing step reads (its cache key hashes their content). */
export function processingInputUris(args: Record<string, Resolved>): string[] {
  return listOf(args['ProcessingInputs']).map((input) => String(objectOf(objectOf(input)['S3Input'])['S3Uri']));
}

/**
 * One attempt of a Processing job: each ProcessingInput copied to its LocalPath, the image's
 * entry point run with the ContainerEntrypoint's last argument (`preprocess`, `evaluate`) and the
 * ContainerArguments, then each output's LocalPath copied to its S3Uri.
 */
export async function runProcessingJob(context: JobContext, args: Record<string, Resolved>): Promise<JobResult> {
  const app = objectOf(args['AppSpecification']);
  const image = String(app['ImageUri'] ?? '');
  const entrypoint = listOf(app['ContainerEntrypoint']).map(String);
  const verb = entrypoint.length > 0 ? [entrypoint[entrypoint.length - 1]] : [];
  const containerArgs = listOf(app['ContainerArguments']).map(String);
  for (const input of listOf(args['ProcessingInputs'])) {
    const s3 = objectOf(objectOf(input)['S3Input']);
    const uri = String(s3['S3Uri']);
    if (!(await context.store.exists(uri)))
      return { ok: false, reason: `input ${String(objectOf(input)['InputName'])}: ${uri} does not exist` };
    await context.store.copyIn(uri, mlLocal(context.mlRoot, String(s3['LocalPath'])));
  }
  const outputs = listOf(objectOf(args['ProcessingOutputConfig'])['Outputs']).map(objectOf);
  for (const output of outputs)
    fs.mkdirSync(mlLocal(context.mlRoot, String(objectOf(output['S3Output'])['LocalPath'])), { recursive: true });

  const ran = await runImage(context, image, [...verb, ...containerArgs], objectOf(args['Environment']));
  if (!ran.ok) return ran;

  const byName: Record<string, unknown> = {};
  for (const output of outputs) {
    const s3 = objectOf(output['S3Output']);
    // The prefix holds exactly what this run wrote: S3 would keep an earlier run's extra objects beside them.
    await context.store.removePrefix(String(s3['S3Uri']));
    await context.store.copyOut(mlLocal(context.mlRoot, String(s3['LocalPath'])), String(s3['S3Uri']));
    byName[String(output['OutputName'])] = { OutputName: output['OutputName'], S3Output: s3 };
  }
  return {
    ok: true,
    properties: {
      ProcessingJobName: context.jobName,
      ProcessingJobArn: `arn:aws:sagemaker:local:000000000000:processing-job/${context.jobName}`,
      ProcessingJobStatus: 'Completed',
      AppSpecification: app,
      ProcessingOutputConfig: { Outputs: byName },
    },
  };
}
