import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadMlopsConfig, MLOPS_CONFIG_FILE } from './load-mlops-config';
import { DEFAULT_MLOPS_CONFIG } from './mlops-config';
import { pipelineParameters } from './pipeline-parameters';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-mlops-config-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, document: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof document === 'string' ? document : JSON.stringify(document));
  return file;
}

describe('loadMlopsConfig', () => {
  it('gives the defaults when no file is named and the data directory has none', () => {
    expect(loadMlopsConfig({ env: { TRIAGE_DATA_DIR: dir } })).toEqual({
      config: {
        modelPackageGroup: 'triage-chest-xray',
        pipelineName: 'triage-model',
        trigger: { enabled: true, minNewLabels: 50, scheduleMinutes: 0 },
        promotion: { policy: 'auto' },
        accuracyThreshold: 0.85,
        model: { architecture: 'small' },
        hyperparameters: { epochs: 20, batchSize: 32, learningRate: 0.001, patience: 5, seed: 42 },
        scoring: { workers: 1, decisionThreshold: 0.5, rescoreLimit: 500, modalities: ['CR', 'DX'] },
        drift: { windowSize: 100, minWindow: 30, psi: 0.25, ks: 0.3 },
        shadow: { enabled: true },
      },
    });
  });

  it('merges <dataDir>/mlops.json over the defaults, object by object', () => {
    const file = write(MLOPS_CONFIG_FILE, { trigger: { minNewLabels: 300 }, promotion: { policy: 'manual' } });
    expect(loadMlopsConfig({ env: { TRIAGE_DATA_DIR: dir } })).toEqual({
      config: {
        ...DEFAULT_MLOPS_CONFIG,
        trigger: { enabled: true, minNewLabels: 300, scheduleMinutes: 0 },
        promotion: { policy: 'manual' },
      },
      file,
    });
  });

  it('prefers the file given, then TRIAGE_MLOPS_CONFIG, then the data directory', () => {
    write(MLOPS_CONFIG_FILE, { accuracyThreshold: 0.7 });
    const named = write('named.json', { accuracyThreshold: 0.8 });
    const given = write('given.json', { accuracyThreshold: 0.9 });
    const env = { TRIAGE_DATA_DIR: dir, TRIAGE_MLOPS_CONFIG: named };
    expect([
      loadMlopsConfig({ env: { TRIAGE_DATA_DIR: dir } }).config.accuracyThreshold,
      loadMlopsConfig({ env }).config.accuracyThreshold,
      loadMlopsConfig({ env, file: given }).config.accuracyThreshold,
    ]).toEqual([0.7, 0.8, 0.9]);
  });

  it.each([
    [
      'a value out of range',
      { trigger: { minNewLabels: 0 } },
      '/trigger/minNewLabels: Expected integer to be greater or equal to 1 (found 0)',
    ],
    ['a value of the wrong type', { shadow: { enabled: 'yes' } }, '/shadow/enabled: Expected boolean (found "yes")'],
    ['a policy not known', { promotion: { policy: 'sometimes' } }, '/promotion/policy: Expected union value (found "sometimes")'],
    [
      'a modality in lower case',
      { scoring: { modalities: ['dx'] } },
      `/scoring/modalities/0: Expected string to match '^[A-Z0-9]{1,16}$' (found "dx")`,
    ],
    ['an unknown key', { trigger: { minLabels: 10 } }, '/trigger/minLabels: Unexpected property (found 10)'],
    ['an unknown section', { retrain: {} }, '/retrain: Unexpected property (found {})'],
    ['not an object', [1], '(document): must be a JSON object'],
  ])('refuses %s, naming the file and the JSON path', (_name, document, message) => {
    const file = write('bad.json', document);
    expect(() => loadMlopsConfig({ file })).toThrow(`${file}: ${message}`);
  });

  it('refuses a file that is not JSON, naming it', () => {
    const file = write('broken.json', '{ "trigger": ');
    expect(() => loadMlopsConfig({ file })).toThrow(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\(document\\): is not JSON`),
    );
  });
});

describe('pipelineParameters', () => {
  it('maps the config onto the triage pipeline parameters', () => {
    expect(pipelineParameters({ ...DEFAULT_MLOPS_CONFIG, model: { architecture: 'resnet50' }, accuracyThreshold: 0.9 })).toEqual({
      ModelPackageGroupName: 'triage-chest-xray',
      AccuracyThreshold: 0.9,
      Architecture: 'resnet50',
      Epochs: 20,
      BatchSize: 32,
      LearningRate: 0.001,
      Patience: 5,
      Seed: 42,
    });
  });
});
