import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ImageCommand } from '../image-commands';

/**
 * A stand-in for the triage training image with the real pipeline's inputs and outputs (dataset in;
 * train, validation, test, snapshot out; channels train and validation; model, test and curves into
 * evaluate; evaluation.json in SageMaker's binary_classification_metrics layout). It reads
 * model.tar.gz as a plain tar reader would. Its accuracy is the `learning-rate` hyperparameter, so a
 * spec picks the condition's branch per execution through the LearningRate parameter.
 */
const PROGRAM = `
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const ml = (p) => path.join(process.env.TRIAGE_ML_ROOT, p.replace(/^\\/opt\\/ml/, ''));
const out = (p, text) => { fs.mkdirSync(path.dirname(ml(p)), { recursive: true }); fs.writeFileSync(ml(p), text); };
const read = (p) => fs.readFileSync(ml(p), 'utf8');
const firstTarEntry = (file) => {
  const tar = zlib.gunzipSync(fs.readFileSync(file));
  const size = parseInt(tar.subarray(124, 136).toString('ascii').replace(/\\0.*$/s, '').trim(), 8);
  return { name: tar.subarray(0, 100).toString('utf8').replace(/\\0.*$/s, ''), body: tar.subarray(512, 512 + size).toString('utf8') };
};
const verb = process.argv[2];
if (verb === 'preprocess') {
  const dir = ml('/opt/ml/processing/input/dataset');
  const files = fs.readdirSync(dir).sort();
  for (const split of ['train', 'validation', 'test']) out('/opt/ml/processing/output/' + split + '/images.txt', files.join('\\n'));
  out('/opt/ml/processing/output/snapshot/snapshot.json', JSON.stringify({ contentHash: 'sha256:' + files.join(','), seed: process.env.TRIAGE_SEED }));
} else if (verb === 'train') {
  const hp = JSON.parse(read('/opt/ml/input/config/hyperparameters.json'));
  read('/opt/ml/input/data/train/images.txt');
  read('/opt/ml/input/data/validation/images.txt');
  process.stdout.write('TRIAGE_PROGRESS ' + JSON.stringify({ phase: 'epoch', done: 1, total: 1, metrics: { loss: 0.1 } }) + '\\n');
  out('/opt/ml/model/model.json', JSON.stringify({ hyperparameters: hp }));
  out('/opt/ml/output/data/curves.json', '[]');
  out('/opt/ml/checkpoints/last.json', '{}');
} else if (verb === 'evaluate') {
  const model = firstTarEntry(ml('/opt/ml/processing/input/model/model.tar.gz'));
  const curves = firstTarEntry(ml('/opt/ml/processing/input/curves/output.tar.gz'));
  read('/opt/ml/processing/input/test/images.txt');
  const accuracy = Number(JSON.parse(model.body).hyperparameters['learning-rate']);
  const metric = (value) => ({ value, standard_deviation: 0.01, ci95: [value - 0.02, value + 0.02] });
  out('/opt/ml/processing/output/evaluation/evaluation.json', JSON.stringify({
    binary_classification_metrics: { accuracy: metric(accuracy), precision: metric(0.5), recall: metric(0.5), f1: metric(0.5), auc: metric(0.5), confusion_matrix: {} },
    curves: curves.name,
  }));
} else {
  console.error('unknown verb ' + verb);
  process.exit(2);
}
`;

/** Writes the program into `dir` and maps the triage images to it. */
export function fakeTriageImages(dir: string): ImageCommand[] {
  const program = path.join(dir, 'fake-triage-image.js');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(program, PROGRAM);
  return [{ image: /^triage-training(:.*)?$/, command: [process.execPath, program] }];
}
