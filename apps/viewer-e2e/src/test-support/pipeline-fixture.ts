import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalPipelineRunner } from '@triage/pipeline';

/** The pipeline's name as the API lists its executions. */
const PIPELINE_NAME = 'triage-model';
const IMAGE = 'local/fixture-step:1';
const ROLE = 'arn:aws:iam::000000000000:role/triage-pipeline';

/** The epochs the fixture's Train step reports (what the run page must draw). */
export const FIXTURE_EPOCHS = [
  { epoch: 1, loss: 0.69, accuracy: 0.55, valLoss: 0.68, valAccuracy: 0.6 },
  { epoch: 2, loss: 0.52, accuracy: 0.74, valLoss: 0.57, valAccuracy: 0.7 },
  { epoch: 3, loss: 0.41, accuracy: 0.83, valLoss: 0.5, valAccuracy: 0.78 },
];

/** One program for both steps, standing in for apps/training: log lines and progress lines as the real steps print them. */
const STEP_PROGRAM = `
const fs = require('fs');
const line = (p) => process.stdout.write('TRIAGE_PROGRESS ' + JSON.stringify(p) + '\\n');
const root = process.env.TRIAGE_ML_ROOT;
if (process.env.STEP === 'prepare') {
  console.log('prepare starts');
  line({ phase: 'preprocess', done: 8, total: 8, message: '8 images, 0 skipped' });
  fs.mkdirSync(root + '/processing/output/data', { recursive: true });
  fs.writeFileSync(root + '/processing/output/data/ok.txt', 'ok');
} else {
  console.log('train starts');
  const epochs = ${JSON.stringify(FIXTURE_EPOCHS)};
  for (const e of epochs) {
    line({ phase: 'batch', done: 1, total: 1, message: 'epoch ' + e.epoch, metrics: { epoch: e.epoch, loss: e.loss } });
    line({ phase: 'epoch', done: e.epoch, total: epochs.length, metrics: { loss: e.loss, accuracy: e.accuracy, valLoss: e.valLoss, valAccuracy: e.valAccuracy } });
  }
  console.log('train done');
  fs.mkdirSync(root + '/model', { recursive: true });
  fs.writeFileSync(root + '/model/model.json', '{}');
}
`;

/** A definition of a Processing step and a Training step, both run by the program above. */
function definition(): object {
  return {
    Version: '2020-12-01',
    Metadata: {},
    Parameters: [],
    Steps: [
      {
        Name: 'Prepare',
        Type: 'Processing',
        Arguments: {
          ProcessingResources: { ClusterConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 } },
          AppSpecification: { ImageUri: IMAGE, ContainerEntrypoint: ['prepare'] },
          RoleArn: ROLE,
          Environment: { STEP: 'prepare' },
          ProcessingOutputConfig: {
            Outputs: [
              {
                OutputName: 'data',
                S3Output: { S3Uri: 's3://fixture/prepared', LocalPath: '/opt/ml/processing/output/data', S3UploadMode: 'EndOfJob' },
              },
            ],
          },
        },
      },
      {
        Name: 'Train',
        Type: 'Training',
        DependsOn: ['Prepare'],
        Arguments: {
          AlgorithmSpecification: { TrainingImage: IMAGE, TrainingInputMode: 'File' },
          OutputDataConfig: { S3OutputPath: 's3://fixture/train' },
          StoppingCondition: { MaxRuntimeInSeconds: 600 },
          ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
          RoleArn: ROLE,
          Environment: { STEP: 'train' },
        },
      },
    ],
  };
}

/**
 * Runs one execution of a two-step stand-in pipeline to its end in `dataDir` BEFORE the API
 * starts (the API's runner then lists it, finished); answers its id.
 */
export async function runFixturePipeline(dataDir: string): Promise<string> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-fixture-pipeline-'));
  const program = path.join(work, 'step.js');
  fs.writeFileSync(program, STEP_PROGRAM);
  const runner = await LocalPipelineRunner.open({ dataDir, images: [{ image: IMAGE, command: [process.execPath, program] }] });
  try {
    const started = await runner.startExecution({
      definition: definition(),
      pipelineName: PIPELINE_NAME,
      createdBy: 'dana',
      displayName: 'fixture run',
    });
    for (;;) {
      const execution = await runner.describeExecution(started.PipelineExecutionArn);
      if (execution.PipelineExecutionStatus === 'Failed') throw new Error(`the fixture run failed: ${execution.FailureReason ?? ''}`);
      if (execution.PipelineExecutionStatus === 'Succeeded') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return started.PipelineExecutionArn.split('/').pop() ?? '';
  } finally {
    await runner.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
