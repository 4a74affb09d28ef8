import { runContainer } from './container/run-container';

/** The entry points of the training image: `main.js preprocess|train|evaluate` (the definition's ContainerEntrypoint). */
const STEPS: Record<string, () => Promise<void>> = {
  preprocess: async () => (await import('./preprocess/run-preprocess')).runPreprocess(),
  train: async () => (await import('./train/run-train')).runTrain(),
  evaluate: async () => (await import('./evaluate/run-evaluate')).runEvaluate(),
};

const step = process.argv[2] ?? '';
const run = STEPS[step];
if (!run) {
  process.stderr.write(`usage: main preprocess|train|evaluate (got ${JSON.stringify(step)})\n`);
  process.exitCode = 2;
} else {
  void runContainer(step, run);
}
