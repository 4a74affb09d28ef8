// A runner in a process of its own, for the restart spec to SIGKILL mid-step:
// `detached-runner.ts <dataDir> <binDir> <definitions.json> [<events.sqlite>]` starts one execution per definition
// (two step processes at once) and prints each ARN on a line; with an events file, its status changes go to that bus's outbox.
import * as fs from 'node:fs';
import { LocalEventBus } from '@triage/events';
import { LocalPipelineRunner } from '../local-pipeline-runner';
import { fakeImages } from './fake-steps';

async function main(): Promise<void> {
  const [dataDir, binDir, definitionsFile, eventsFile] = process.argv.slice(2);
  const outbox = eventsFile ? await LocalEventBus.open({ file: eventsFile }) : undefined;
  const runner = await LocalPipelineRunner.open({ dataDir, images: fakeImages(binDir), concurrency: 2, retryIntervalScale: 0, outbox });
  const definitions = JSON.parse(fs.readFileSync(definitionsFile, 'utf8')) as object[];
  for (const definition of definitions) {
    const started = await runner.startExecution({ definition, pipelineName: 'triage-chest', createdBy: 'restart-spec' });
    process.stdout.write(`${started.PipelineExecutionArn}\n`);
  }
}

void main();
