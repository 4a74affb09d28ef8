import * as path from 'node:path';
import { generateChestStudies, generateCtSeries, writeSamples } from '@triage/sample-data';
import type { Command } from 'commander';
import { CliError } from '../support/cli-error';
import { positiveInt } from '../support/parse-number';
import { progressBar } from '../support/progress';
import { ensureOutputDir } from '../support/read-input';

/** `triage sample chest|ct`: deterministic synthetic studies for demos and training. */
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
}
