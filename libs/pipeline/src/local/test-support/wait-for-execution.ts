import type { PipelineExecution, PipelineRunner } from '../../pipeline-runner';

/** Polls until the execution has ended (Succeeded, Failed or Stopped) and returns it. */
export async function waitForEnd(runner: PipelineRunner, arn: string): Promise<PipelineExecution> {
  for (;;) {
    const execution = await runner.describeExecution(arn);
    if (!['Executing', 'Stopping'].includes(execution.PipelineExecutionStatus)) return execution;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Polls until a file exists. */
export async function waitForFile(file: string): Promise<void> {
  const fs = await import('node:fs');
  while (!fs.existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 20));
}
