import { runContainer } from './container/run-container';
import { runEvaluate } from './evaluate/run-evaluate';
import { runPreprocess } from './preprocess/run-preprocess';
import { runTrain } from './train/run-train';

/** The entry points of the training image: `main.js preprocess|train|evaluate` (SageMaker runs a training image with `train`). */
const STEPS: Record<string, () => Promise<void>> = { preprocess: runPreprocess, train: runTrain, evaluate: runEvaluate };

const step = process.argv[2] ?? '';
const run = STEPS[step];
if (!run) {
  process.stderr.write(`usage: main preprocess|train|evaluate (got ${JSON.stringify(step)})\n`);
  process.exitCode = 2;
} else {
  void runContainer(step, run);
}
