import * as path from 'node:path';
import { generateChestStudies, generateCtSeries, writeSamples } from '@triage/sample-data';
import type { Command } from 'commander';
import type { ApiOptions } from '../client/api-target';
import { apiTarget, withApiOptions } from '../client/api-target';
import { storeVerifiedSamples } from '../samples/store-verified-samples';
import { CliError } from '../support/cli-error';
import { positiveInt } from '../support/parse-number';
import { progressBar } from '../support/progress';
import { ensureOutputDir } from '../support/read-input';

/** `triage sample chest|ct|verified`: deterministic synthetic studies for demos and training. */
export function registerSample(program: Command): void {
  const sample = program.command('sample').description('generate synthetic DICOM studies (marked SYNTHETIC)');
  sample
    .command('chest')
    .description('chest radiographs (DX 1024×1024, 12 bits stored), normal or with pneumonia-like opacities')
    .option('--count <n>', 'number of radiographs', '10')
    .option('--seed <seed>', 'seed: the same seed gives the same files', 'triage')
    .requiredOption('--out <dir>', 'output directory')
    .action(async (options: { count: string; seed: string; out: string }) => {
      const count = positiveInt('--count', options.count, 100000);
      ensureOutputDir(options.out);
      const bar = progressBar('chest', count);
      const written = await writeSamples(options.out, generateChestStudies({ count, seed: options.seed }), () => bar.tick());
      bar.stop();
      process.stdout.write(`${written} chest radiograph(s) written to ${path.resolve(options.out)}\n`);
    });
  sample
    .command('ct')
    .description('one CT series (512×512, 16-bit signed)')
    .option('--slices <n>', 'slices in the series (50 to 600)', '100')
    .option('--seed <seed>', 'seed: the same seed gives the same files', 'triage')
    .requiredOption('--out <dir>', 'output directory')
    .action(async (options: { slices: string; seed: string; out: string }) => {
      const slices = positiveInt('--slices', options.slices, 600);
      if (slices < 50) throw new CliError(`--slices: ${slices} is below 50`, 2);
      ensureOutputDir(options.out);
      const bar = progressBar('ct', slices);
      const written = await writeSamples(options.out, generateCtSeries({ slices, seed: options.seed }), () => bar.tick());
      bar.stop();
      process.stdout.write(`${written} CT slice(s) written to ${path.resolve(options.out)}\n`);
    });
  withApiOptions(
    sample
      .command('verified')
      .description('store synthetic chest radiographs through the API and verify each label as the signed-in clinician (training data)')
      .option('--count <n>', 'number of radiographs', '400')
      .option('--seed <seed>', 'seed: the same seed gives the same studies (a rerun stores and verifies nothing twice)', 'triage-training')
      .option('--size <px>', 'rows and columns (64 to 1024)', '512')
      .option('--conspicuity <how>', 'clear (training data a small net learns) or varied (as a reading room sees them)', 'clear'),
  ).action(async (options: ApiOptions & { count: string; seed: string; size: string; conspicuity: string }) => {
    const count = positiveInt('--count', options.count, 100000);
    const size = positiveInt('--size', options.size, 1024);
    if (size < 64) throw new CliError(`--size: ${size} is below 64`, 2);
    if (options.conspicuity !== 'clear' && options.conspicuity !== 'varied')
      throw new CliError(`--conspicuity: ${JSON.stringify(options.conspicuity)} is not clear or varied`, 2);
    let phase = 'store';
    let bar = progressBar(phase, count);
    const result = await storeVerifiedSamples(apiTarget(options), {
      count,
      seed: options.seed,
      size,
      conspicuity: options.conspicuity,
      onProgress: (now) => {
        if (now !== phase) {
          bar.stop();
          bar = progressBar((phase = now), count);
        }
        bar.tick();
      },
    });
    bar.stop();
    const findings = Object.entries(result.byFinding)
      .map(([finding, n]) => `${n} ${finding}`)
      .join(', ');
    process.stdout.write(
      `${count} synthetic radiograph(s) (${findings}): ${result.verified} verified now, ${result.alreadyVerified} already verified\n`,
    );
  });
}
