import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Resolved } from '../expressions';
import { packTarGz } from '../tar-gz';
import { type JobContext, type JobResult, listOf, mlLocal, objectOf, runImage } from './job-context';

/** The S3 URIs a Training step reads (its channels). */
export function trainingInputUris(args: Record<string, Resolved>): string[] {
  return listOf(args['InputDataConfig']).map((channel) =>
    String(objectOf(objectOf(objectOf(channel)['DataSource'])['S3DataSource'])['S3Uri']),
  );
}

/**
 * One attempt of a Training job: each channel into /opt/ml/input/data/<channel>, HyperParameters
 * into hyperparameters.json (strings, as SageMaker writes them), the image run with `train`; then
 * /opt/ml/model packed as `<S3OutputPath>/<job>/output/model.tar.gz` (ModelArtifacts.S3ModelArtifacts)
 * and /opt/ml/output/data as `.../output/output.tar.gz`; CheckpointConfig's
 * S3Uri synced with /opt/ml/checkpoints before and after.
 */
export async function runTrainingJob(context: JobContext, args: Record<string, Resolved>): Promise<JobResult> {
  const algorithm = objectOf(args['AlgorithmSpecification']);
  const image = String(algorithm['TrainingImage'] ?? '');
  for (const channel of listOf(args['InputDataConfig']).map(objectOf)) {
    const uri = String(objectOf(objectOf(channel['DataSource'])['S3DataSource'])['S3Uri']);
    const name = String(channel['ChannelName']);
    if (!(await context.store.exists(uri))) return { ok: false, reason: `channel ${name}: ${uri} does not exist` };
    await context.store.copyIn(uri, mlLocal(context.mlRoot, `/opt/ml/input/data/${name}`));
  }
  const hyperparameters = Object.fromEntries(Object.entries(objectOf(args['HyperParameters'])).map(([k, v]) => [k, String(v)]));
  const config = mlLocal(context.mlRoot, '/opt/ml/input/config/hyperparameters.json');
  fs.mkdirSync(path.dirname(config), { recursive: true });
  fs.writeFileSync(config, JSON.stringify(hyperparameters, null, 2));
  for (const dir of ['/opt/ml/model', '/opt/ml/output/data', '/opt/ml/checkpoints'])
    fs.mkdirSync(mlLocal(context.mlRoot, dir), { recursive: true });

  // Checkpoints sync with CheckpointConfig.S3Uri both ways, as SageMaker does: a retried attempt starts from the last one's.
  const checkpoint = objectOf(args['CheckpointConfig']);
  const checkpointUri = checkpoint['S3Uri'] === undefined ? undefined : String(checkpoint['S3Uri']);
  const checkpointDir = mlLocal(context.mlRoot, String(checkpoint['LocalPath'] ?? '/opt/ml/checkpoints'));
  if (checkpointUri && (await context.store.exists(checkpointUri))) await context.store.copyIn(checkpointUri, checkpointDir);

  const ran = await runImage(context, image, ['train'], objectOf(args['Environment']));
  if (checkpointUri) await context.store.copyOut(checkpointDir, checkpointUri);
  if (!ran.ok) return ran;

  const outputPath = String(objectOf(args['OutputDataConfig'])['S3OutputPath'] ?? '').replace(/\/+$/, '');
  const prefix = `${outputPath}/${context.jobName}/output`;
  const packed = path.join(context.mlRoot, '..', 'model.tar.gz');
  await packTarGz(mlLocal(context.mlRoot, '/opt/ml/model'), packed);
  await context.store.putFile(packed, `${prefix}/model.tar.gz`);
  // SageMaker uploads output.tar.gz whatever /opt/ml/output/data holds (later steps may name it).
  const data = path.join(context.mlRoot, '..', 'output.tar.gz');
  await packTarGz(mlLocal(context.mlRoot, '/opt/ml/output/data'), data);
  await context.store.putFile(data, `${prefix}/output.tar.gz`);
  return {
    ok: true,
    properties: {
      TrainingJobName: context.jobName,
      TrainingJobArn: `arn:aws:sagemaker:local:000000000000:training-job/${context.jobName}`,
      TrainingJobStatus: 'Completed',
      AlgorithmSpecification: algorithm,
      HyperParameters: hyperparameters,
      OutputDataConfig: objectOf(args['OutputDataConfig']),
      ModelArtifacts: { S3ModelArtifacts: `${prefix}/model.tar.gz` },
    },
  };
}
