import * as fs from 'node:fs';
import * as path from 'node:path';
import { MODEL_JSON_FILE } from '@triage/model';
import { unpackTarGz } from '@triage/pipeline';
import { parseTrainingHistory, type HistoryEpoch } from '../report/training-history';

/**
 * The folder holding model.json, from what SageMaker mounted: the model's folder itself, or
 * model.tar.gz (a training job's ModelArtifacts) unpacked into `workDir`.
 */
export async function modelFolder(input: string, workDir: string): Promise<string> {
  const found = findFile(input, MODEL_JSON_FILE);
  if (found) return path.dirname(found);
  const archive = findFile(input, (name) => name.endsWith('.tar.gz'));
  if (!archive) throw new Error(`${input}: neither ${MODEL_JSON_FILE} nor model.tar.gz`);
  const target = path.join(workDir, 'model');
  await unpackTarGz(archive, target);
  const unpacked = findFile(target, MODEL_JSON_FILE);
  if (!unpacked) throw new Error(`${archive}: no ${MODEL_JSON_FILE} inside`);
  return path.dirname(unpacked);
}

/**
 * The training curves, from the first of `inputs` that holds history.json, plain or inside a
 * .tar.gz (the training job's output.tar.gz of /opt/ml/output/data); undefined when none does.
 */
export async function readHistory(inputs: string[], workDir: string): Promise<HistoryEpoch[] | undefined> {
  for (const [i, input] of inputs.entries()) {
    if (!fs.existsSync(input)) continue;
    let file = findFile(input, 'history.json');
    const archive = file ? undefined : findFile(input, (name) => name.endsWith('.tar.gz'));
    if (archive) {
      const target = path.join(workDir, `history-${i}`);
      await unpackTarGz(archive, target);
      file = findFile(target, 'history.json');
    }
    if (file) return parseTrainingHistory(JSON.parse(fs.readFileSync(file, 'utf8')));
  }
  return undefined;
}

/** The first file (breadth first, names sorted) named so or matching, under `dir`. */
function findFile(dir: string, match: string | ((name: string) => boolean)): string | undefined {
  const test = typeof match === 'string' ? (name: string) => name === match : match;
  let level = [dir];
  while (level.length > 0) {
    const next: string[] = [];
    for (const folder of level) {
      if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) continue;
      const entries = fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
      for (const entry of entries) if (entry.isFile() && test(entry.name)) return path.join(folder, entry.name);
      next.push(...entries.filter((e) => e.isDirectory()).map((e) => path.join(folder, e.name)));
    }
    level = next;
  }
  return undefined;
}
