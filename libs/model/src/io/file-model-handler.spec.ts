import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tf } from '../tf';
import { selectBackend } from '../backend/select-backend';
import { registerModelIo } from './register-model-io';
import { predictSmall, smallConvNet, smallConvNetInput } from './test-support/small-models';

const quiet = { log: () => undefined };
let root: string;

beforeAll(() => {
  registerModelIo();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-model-io-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A model trained one step (so batch norm's moving statistics are not their initial values), saved to `folder`. */
async function trainAndSave(folder: string): Promise<number[]> {
  const model = smallConvNet(7);
  await model.fit(smallConvNetInput(), tf.oneHot([0, 2], 3).toFloat(), { epochs: 1, verbose: 0 });
  await model.save(pathToFileURL(folder).href);
  return predictSmall(model);
}

function maxAbsDiff(a: number[], b: number[]): number {
  return Math.max(...a.map((value, i) => Math.abs(value - b[i])));
}

describe('file:// model IO', () => {
  it('writes model.json and weights.bin only (no temporary files left) and loads them back: by model.json, by folder, by a relative file:// path', async () => {
    await selectBackend({ backend: 'cpu', ...quiet });
    const folder = path.join(root, 'plain');
    const predicted = await trainAndSave(folder);
    expect(fs.readdirSync(folder).sort()).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(fs.readFileSync(path.join(folder, 'model.json'), 'utf8'));
    expect(json.weightsManifest[0].paths).toEqual(['./weights.bin']);
    expect(json.format).toBe('layers-model');
    const relative = path.relative(process.cwd(), folder);
    for (const url of [pathToFileURL(path.join(folder, 'model.json')).href, pathToFileURL(folder).href, `file://${relative}/model.json`]) {
      const loaded = await tf.loadLayersModel(url);
      expect(predictSmall(loaded)).toEqual(predicted);
    }
  });

  it.each([
    ['wasm', 'cpu'],
    ['cpu', 'wasm'],
  ] as const)('a model saved on %s loads on %s and predicts the same numbers within 1e-5', async (saveOn, loadOn) => {
    await selectBackend({ backend: saveOn, ...quiet });
    const folder = path.join(root, `${saveOn}-to-${loadOn}`);
    const predicted = await trainAndSave(folder);
    await selectBackend({ backend: loadOn, ...quiet });
    const loaded = await tf.loadLayersModel(pathToFileURL(path.join(folder, 'model.json')).href);
    expect(tf.getBackend()).toBe(loadOn);
    expect(maxAbsDiff(predictSmall(loaded), predicted)).toBeLessThanOrEqual(1e-5);
  });

  it('fails naming the file when model.json or a weights file is missing, truncated or too long', async () => {
    await selectBackend({ backend: 'cpu', ...quiet });
    const folder = path.join(root, 'broken');
    await trainAndSave(folder);
    const weights = path.join(folder, 'weights.bin');
    const modelJson = path.join(folder, 'model.json');
    const good = fs.readFileSync(weights);
    const cases: [string, () => void, string][] = [
      ['missing weights', () => fs.rmSync(weights), `weights file ${weights} named in ${modelJson} is missing`],
      [
        'truncated weights',
        () => fs.writeFileSync(weights, good.subarray(0, good.length - 4)),
        `weights file ${weights} is truncated: ${good.length - 4} bytes where ${modelJson} describes ${good.length}`,
      ],
      [
        'weights too long',
        () => fs.writeFileSync(weights, Buffer.concat([good, Buffer.alloc(8)])),
        `weights file ${weights} is too long: ${good.length + 8} bytes where ${modelJson} describes ${good.length}`,
      ],
      ['missing model.json', () => fs.rmSync(modelJson), `model file ${modelJson} is missing`],
    ];
    const outcomes: [string, string][] = [];
    for (const [name, damage] of cases) {
      damage();
      const error = await tf.loadLayersModel(pathToFileURL(modelJson).href).then(
        () => 'loaded',
        (e: Error) => e.message,
      );
      outcomes.push([name, error]);
      fs.writeFileSync(weights, good);
    }
    expect(outcomes).toEqual(cases.map(([name, , message]) => [name, message]));
  });
});
