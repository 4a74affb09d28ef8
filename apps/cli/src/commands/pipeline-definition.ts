import type { Command } from 'commander';
import { compilePipeline, serializePipelineDefinition, triagePipeline, withParameterDefaults } from '@triage/pipeline';
import { writeFileAtomic } from '@triage/platform';
import { CliError } from '../support/cli-error';

interface DefinitionOptions {
  out?: string;
  parameter: string[];
  roleArn?: string;
  artifactsUri?: string;
}

/** `triage pipeline definition`: the compiled SageMaker pipeline definition JSON of the triage pipeline (what CreatePipeline takes). */
export function registerPipelineDefinition(pipeline: Command): void {
  pipeline
    .command('definition')
    .description('print (or write) the SageMaker pipeline definition JSON that the local runner executes and SageMaker deploys')
    .option('--out <file>', 'write it to this file (atomically) instead of stdout')
    .option(
      '--parameter <name=value>',
      "another default for a parameter, read as the parameter's type (repeat for more)",
      collect,
      [] as string[],
    )
    .option('--role-arn <arn>', 'the execution role every job runs as')
    .option('--artifacts-uri <s3-uri>', 'the S3 prefix the steps write under')
    .action(async (options: DefinitionOptions) => {
      const overrides: Record<string, string> = {};
      for (const pair of options.parameter) {
        const at = pair.indexOf('=');
        if (at <= 0) throw new CliError(`--parameter ${JSON.stringify(pair)}: expected Name=Value`, 2);
        overrides[pair.slice(0, at)] = pair.slice(at + 1);
      }
      let text: string;
      try {
        const definition = triagePipeline({
          ...(options.roleArn !== undefined && { roleArn: options.roleArn }),
          ...(options.artifactsUri !== undefined && { artifactsUri: options.artifactsUri }),
        });
        text = serializePipelineDefinition(withParameterDefaults(compilePipeline(definition), overrides));
      } catch (error) {
        throw new CliError((error as Error).message, 2);
      }
      if (options.out === undefined) {
        process.stdout.write(text);
        return;
      }
      await writeFileAtomic(options.out, text);
      process.stderr.write(`wrote the pipeline definition to ${options.out}\n`);
    });
}

function collect(value: string, all: string[]): string[] {
  return [...all, value];
}
