import type { Command } from 'commander';
import type { DemoOptions } from '../demo/demo-options';
import { runDemo } from '../demo/run-demo';
import { CliError } from '../support/cli-error';
import { positiveInt } from '../support/parse-number';

interface DemoFlags {
  studies: string;
  verify: string;
  new: string;
  seed: string;
  size: string;
  prevalence: string;
  minNewLabels?: string;
  epochs?: string;
  batchSize?: string;
  accuracyThreshold?: string;
  dataDir?: string;
  keep?: boolean;
  port: string;
  triggerTimeout: string;
  timeout: string;
}

/** `triage demo`: the closed loop end to end on synthetic chest radiographs, on a platform of its own. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'the whole loop on synthetic chest radiographs: start the platform on a fresh data folder, store studies, verify labels as a clinician, ' +
        'let the trigger retrain, wait for the model to be registered and promoted, then show new studies triaged',
    )
    .option('--studies <n>', 'training studies generated and stored', '400')
    .option('--verify <n>', 'of those, how many a clinician verifies', '300')
    .option('--new <n>', 'new studies stored after the promotion, to be triaged', '50')
    .option('--seed <seed>', 'seed of the studies (the new ones use SEED-new)', 'demo')
    .option('--size <px>', 'rows and columns of each radiograph (64 to 1024)', '256')
    .option('--prevalence <p>', 'share of pneumonia cases', '0.3')
    .option('--min-new-labels <n>', "the trigger's trigger.minNewLabels (default: --verify)")
    .option('--epochs <n>', "training epochs (mlops.json hyperparameters.epochs; default: the platform's)")
    .option('--batch-size <n>', "training batch size (mlops.json hyperparameters.batchSize; default: the platform's)")
    .option(
      '--accuracy-threshold <x>',
      "test accuracy a version needs to be Approved (mlops.json accuracyThreshold; default: the platform's, 0.85)",
    )
    .option('--data-dir <dir>', 'data folder for the platform, new or empty (default: a new temporary folder)')
    .option('--keep', 'keep the data folder, and print how to open the viewer on it')
    .option('--port <port>', 'port of the API (default: a free one)', '0')
    .option('--trigger-timeout <s>', 'seconds the trigger may take to start a run once the labels are in', '60')
    .option('--timeout <s>', 'seconds any other wait may take (the run, the promotion, the predictions)', '900')
    .action(async (flags: DemoFlags) => {
      await runDemo(demoOptions(flags));
    });
}

/** The flags as {@link DemoOptions}, each checked (a usage error, exit 2, names the flag). */
export function demoOptions(flags: DemoFlags): DemoOptions {
  const studies = positiveInt('--studies', flags.studies, 100_000);
  const verify = positiveInt('--verify', flags.verify, 100_000);
  if (verify > studies) throw new CliError(`--verify: ${verify} is more than the ${studies} studies`, 2);
  const size = positiveInt('--size', flags.size, 1024);
  if (size < 64) throw new CliError(`--size: ${size} is below 64`, 2);
  const prevalence = Number(flags.prevalence);
  if (!(prevalence > 0 && prevalence < 1)) throw new CliError(`--prevalence: '${flags.prevalence}' is not a number between 0 and 1`, 2);
  const threshold = flags.accuracyThreshold === undefined ? undefined : Number(flags.accuracyThreshold);
  if (threshold !== undefined && !(threshold >= 0 && threshold <= 1))
    throw new CliError(`--accuracy-threshold: '${flags.accuracyThreshold}' is not a number between 0 and 1`, 2);
  const port = flags.port === '0' ? 0 : positiveInt('--port', flags.port, 65535);
  return {
    studies,
    verify,
    newStudies: positiveInt('--new', flags.new, 100_000),
    seed: flags.seed,
    size,
    prevalence,
    minNewLabels: flags.minNewLabels === undefined ? verify : positiveInt('--min-new-labels', flags.minNewLabels, 100_000),
    ...(flags.epochs !== undefined && { epochs: positiveInt('--epochs', flags.epochs, 1000) }),
    ...(flags.batchSize !== undefined && { batchSize: positiveInt('--batch-size', flags.batchSize, 4096) }),
    ...(threshold !== undefined && { accuracyThreshold: threshold }),
    ...(flags.dataDir !== undefined && { dataDir: flags.dataDir }),
    keep: flags.keep === true,
    port,
    triggerTimeoutMs: positiveInt('--trigger-timeout', flags.triggerTimeout, 86_400) * 1000,
    timeoutMs: positiveInt('--timeout', flags.timeout, 86_400) * 1000,
  };
}
