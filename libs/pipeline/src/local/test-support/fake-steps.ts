import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ImageCommand } from '../image-commands';

/**
 * A stand-in for the training image, small enough for specs: `preprocess`, `train`, `evaluate`
 * under SageMaker's container contract (TRIAGE_ML_ROOT), plus `fail` (always fails, with a failure
 * file) and `wait` (runs until a release file exists; counts its attempts in /opt/ml/checkpoints; with HELPER_FILE
 * it first starts a helper process that runs until the release file exists too). Each run appends its pid to
 * `$MARKER_DIR/<verb>`, so a spec counts how often a step really ran.
 */
const FAKE_STEP_PROGRAM = `
const fs = require('fs');
const path = require('path');
const root = process.env.TRIAGE_ML_ROOT;
const ml = (p) => path.join(root, p.replace(/^\\/opt\\/ml/, ''));
const args = process.argv.slice(2);
const verb = args[0];
const option = (name) => { const i = args.indexOf('--' + name); return i < 0 ? undefined : args[i + 1]; };
const marker = (name) => { if (process.env.MARKER_DIR) fs.appendFileSync(path.join(process.env.MARKER_DIR, name), process.pid + '\\n'); };
const out = (p, text) => { fs.mkdirSync(path.dirname(ml(p)), { recursive: true }); fs.writeFileSync(ml(p), text); };
const progress = (p) => process.stdout.write('TRIAGE_PROGRESS ' + JSON.stringify(p) + '\\n');
const fail = (reason) => { out('/opt/ml/output/failure', reason); console.error(verb + ' failed: ' + reason); process.exit(1); };
marker(verb);
console.log(verb + ' starts');
if (verb === 'preprocess') {
  const input = ml('/opt/ml/processing/input/raw');
  const lines = fs.readdirSync(input).sort().map((f) => fs.readFileSync(path.join(input, f), 'utf8').trim());
  out('/opt/ml/processing/output/train/data.txt', lines.join('\\n'));
  out('/opt/ml/processing/output/snapshot/snapshot.json', JSON.stringify({ contentHash: 'snapshot-of-' + lines.length }));
} else if (verb === 'train') {
  const hp = JSON.parse(fs.readFileSync(ml('/opt/ml/input/config/hyperparameters.json'), 'utf8'));
  const rows = fs.readFileSync(ml('/opt/ml/input/data/train/data.txt'), 'utf8').split('\\n').length;
  for (let epoch = 1; epoch <= 2; epoch++) progress({ phase: 'epoch', done: epoch, total: 2, metrics: { loss: 1 / epoch } });
  out('/opt/ml/model/model.json', JSON.stringify({ hyperparameters: hp, rows }));
  out('/opt/ml/output/data/curves.json', '[]');
} else if (verb === 'evaluate') {
  if (!fs.existsSync(ml('/opt/ml/processing/input/model/model.tar.gz'))) fail('no model.tar.gz in the model input');
  const accuracy = Number(option('accuracy'));
  out('/opt/ml/processing/output/evaluation/evaluation.json', JSON.stringify({ metrics: { accuracy: { value: accuracy, ci95: [0.8, 0.95] } } }));
} else if (verb === 'fail') {
  fail('out of memory (fake)');
} else if (verb === 'wait') {
  // Each attempt leaves its pid in /opt/ml/checkpoints: a resumed attempt finds its predecessors'.
  fs.mkdirSync(ml('/opt/ml/checkpoints'), { recursive: true });
  fs.appendFileSync(ml('/opt/ml/checkpoints/attempts'), process.pid + '\\n');
  // A helper in the step's process group, with its environment (a training step's worker, say).
  if (process.env.HELPER_FILE)
    require('child_process').spawn(process.execPath, ['-e', 'const fs = require("fs"); fs.writeFileSync(process.env.HELPER_FILE, String(process.pid)); setInterval(() => fs.existsSync(process.env.RELEASE_FILE) && process.exit(0), 20)'], { stdio: 'ignore' });
  fs.writeFileSync(process.env.STARTED_FILE, String(process.pid));
  const timer = setInterval(() => {
    if (!fs.existsSync(process.env.RELEASE_FILE)) return;
    clearInterval(timer);
    const seen = fs.readFileSync(ml('/opt/ml/checkpoints/attempts'), 'utf8').trim().split('\\n').length;
    out('/opt/ml/processing/output/train/data.txt', 'waited; attempts in the checkpoints: ' + seen);
  }, 20);
} else fail('unknown verb ' + verb);
`;

/** Writes the fake step program into `dir` and maps the fake images to it: `fake/steps` runs the verb the step gives, `fake/failing` always fails, `fake/waiting` waits. */
export function fakeImages(dir: string): ImageCommand[] {
  const program = path.join(dir, 'fake-step.js');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(program, FAKE_STEP_PROGRAM);
  return [
    { image: /^fake\/steps(:.*)?$/, command: [process.execPath, program] },
    { image: /^fake\/failing(:.*)?$/, command: [process.execPath, program, 'fail'] },
    { image: /^fake\/waiting(:.*)?$/, command: [process.execPath, program, 'wait'] },
    // Prints the names of the variables it was given, sorted.
    { image: /^fake\/env(:.*)?$/, command: [process.execPath, '-e', 'console.log(JSON.stringify(Object.keys(process.env).sort()))'] },
  ];
}

/** How often a fake step ran (its markers). */
export function runs(markerDir: string, verb: string): number {
  const file = path.join(markerDir, verb);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').length : 0;
}
