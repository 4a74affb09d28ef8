import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { registerModelIo } from '../io/register-model-io';
import { workspaceRoot } from '@triage/test-support';
import { tf } from '../tf';
import { tinyConfig } from '../training/test-support/tiny-data';
import { buildResNet } from './build-resnet';
import { loadPretrainedWeights } from './load-pretrained-weights';
import { setTrainableStages } from './stages';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerModelIo();
});

/** Layers, parameters and named layers of each configuration (Keras ResNet50 include_top=False: 175 layers, 23,587,712 parameters). */
const ARCHITECTURES = [
  {
    name: 'resnet50 (224x224x3, sigmoid head)',
    layers: 177,
    params: 23_589_761,
    base: { layers: 175, params: 23_587_712, trainable: 23_534_592 },
    output: [null, 1],
  },
  {
    name: 'resnet50 (3 classes, softmax head)',
    layers: 177,
    params: 23_587_712 + 2048 * 3 + 3,
    base: { layers: 175, params: 23_587_712, trainable: 23_534_592 },
    output: [null, 3],
  },
  {
    name: 'small (64x64x1)',
    layers: 41,
    params: 309_537,
    base: { layers: 39, params: 309_408, trainable: 307_968 },
    output: [null, 1],
  },
];

/** The architectures of ARCHITECTURES described by a child process (see test-support/describe-resnet.ts). */
let described: { layers: number; params: number; output: number[]; base: object; names: string[] }[];

beforeAll(() => {
  const args = ['resnet50', 'resnet50:{"classes":3,"head":"softmax"}', 'small'];
  const script = path.join(__dirname, 'test-support', 'describe-resnet.ts');
  const out = execFileSync(process.execPath, ['--conditions=@triage/source', '--import', 'tsx', script, ...args], {
    cwd: workspaceRoot(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  described = JSON.parse(out) as typeof described;
}, 60_000);

describe('buildResNet', () => {
  it.each(ARCHITECTURES.map((a, i) => ({ ...a, i })))('$name: layer and parameter counts', ({ i, layers, params, base, output }) => {
    const { names: _names, ...shape } = described[i];
    expect(shape).toEqual({ layers, params, output, base });
  });

  it("names resnet50's layers as keras.applications.ResNet50 does", () => {
    const names = described[0].names;
    expect(names.slice(0, 7)).toEqual(['input_1', 'conv1_pad', 'conv1_conv', 'conv1_bn', 'conv1_relu', 'pool1_pad', 'pool1_pool']);
    expect(names.filter((n) => n.startsWith('conv2_block1_')).sort()).toEqual(
      ['0_conv', '0_bn', '1_conv', '1_bn', '1_relu', '2_conv', '2_bn', '2_relu', '3_conv', '3_bn', 'add', 'out']
        .map((n) => `conv2_block1_${n}`)
        .sort(),
    );
    expect(names.filter((n) => n.startsWith('conv5_block3_')).sort()).toEqual(
      ['1_conv', '1_bn', '1_relu', '2_conv', '2_bn', '2_relu', '3_conv', '3_bn', 'add', 'out'].map((n) => `conv5_block3_${n}`).sort(),
    );
    expect(names.slice(-4)).toEqual(['conv5_block3_add', 'conv5_block3_out', 'avg_pool', 'predictions']);
    expect(names.filter((n) => n.endsWith('_out'))).toHaveLength(16);
  });

  it('builds the same weights from the same seed, other weights from another', () => {
    const [a, b, c] = [1, 1, 2].map((seed) => buildResNet(tinyConfig({ seed })));
    const values = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));
    expect(values(b)).toEqual(values(a));
    expect(values(c)).not.toEqual(values(a));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('saves a small model, loads its weights by name into a fresh one, which predicts the same', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-resnet-'));
    const trained = buildResNet(tinyConfig({ seed: 3 }));
    await trained.save(`file://${dir}`);
    const fresh = buildResNet(tinyConfig({ seed: 4 }));
    const x = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 5);
    const report = await loadPretrainedWeights(fresh, dir);
    expect(report.skipped).toEqual([]);
    expect(report.loaded).toHaveLength(trained.layers.filter((l) => l.getWeights().length).length);
    expect(Array.from((fresh.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((trained.predict(x) as tf.Tensor).dataSync()));
    fs.rmSync(dir, { recursive: true });
  });

  it('loads RGB weights into a 1-channel first convolution summed over channels, and reports what did not fit', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-resnet-'));
    const rgb = buildResNet(tinyConfig({ inputShape: [16, 16, 3], seed: 3 }));
    await rgb.save(`file://${dir}`);
    const grey = buildResNet(tinyConfig({ seed: 4, classes: 3, head: 'softmax' }));
    const report = await loadPretrainedWeights(grey, `file://${dir}/model.json`);
    expect(report.loaded).toContain('conv1_conv (summed over RGB)');
    expect(report.skipped).toEqual([{ layer: 'predictions', reason: 'shape [8,1] there, [8,3] here' }]);
    const summed = rgb.getLayer('conv1_conv').getWeights()[0].sum(2, true);
    expect(Array.from(grey.getLayer('conv1_conv').getWeights()[0].dataSync())).toEqual(Array.from(summed.dataSync()));
    fs.rmSync(dir, { recursive: true });
  });

  it('freezes and unfreezes stages: only the trainable stages keep trainable variables', () => {
    const model = buildResNet(tinyConfig());
    const trainableLayers = () => [...new Set(model.trainableWeights.map((w) => w.name.split('/')[0]))].sort();
    setTrainableStages(model, ['stage4', 'head']);
    expect(trainableLayers()).toEqual([
      'conv5_block1_0_bn',
      'conv5_block1_0_conv',
      'conv5_block1_1_bn',
      'conv5_block1_1_conv',
      'conv5_block1_2_bn',
      'conv5_block1_2_conv',
      'predictions',
    ]);
    setTrainableStages(model, ['stem', 'stage1', 'stage2', 'stage3', 'stage4', 'head']);
    expect(model.trainableWeights).toHaveLength(buildResNet(tinyConfig()).trainableWeights.length);
    expect(() => setTrainableStages(model, ['stage9' as 'head'])).toThrow('unknown stages stage9');
  });
});
