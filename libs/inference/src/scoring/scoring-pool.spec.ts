import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadTriageModel, predictScores, selectBackend } from '@triage/model';
import { modelInput } from '../input/model-input';
import { chestPart10 } from '../test-support/chest-part10';
import { saveSmallModel } from '../test-support/small-model';
import { ScoringPool } from './scoring-pool';

// The small net (seeded, untrained) scoring real Part 10 chest radiographs in a worker thread,
// against predictScores on modelInput here in the main thread.
const ARN_A = 'arn:aws:sagemaker:local:000000000000:model-package/triage-chest-xray/1';
const ARN_B = 'arn:aws:sagemaker:local:000000000000:model-package/triage-chest-xray/2';

describe('ScoringPool', () => {
  let dir: string;
  let pool: ScoringPool;
  const images = [chestPart10('scoring-pool', 0, 256, 'htj2k'), chestPart10('scoring-pool', 1, 256, 'native')];
  const model = (arn: string, name: string) => ({ modelPackageArn: arn, version: arn === ARN_A ? 1 : 2, modelDir: path.join(dir, name) });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inference-pool-'));
    await selectBackend({ log: () => undefined });
    await saveSmallModel(path.join(dir, 'a'), 11);
    await saveSmallModel(path.join(dir, 'b'), 12);
    pool = ScoringPool.open();
  }, 60_000);
  afterAll(async () => {
    await pool.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** What the main thread scores: predictScores on modelInput. */
  async function expected(name: string): Promise<number[]> {
    const { model: loaded, metadata } = await loadTriageModel(path.join(dir, name));
    const inputs = images.map((bytes) => modelInput(bytes, metadata));
    const all = new Float32Array(inputs.length * inputs[0].length);
    inputs.forEach((input, i) => all.set(input, i * input.length));
    const scores = Array.from(predictScores(loaded, all, 1, metadata.positiveClass));
    loaded.dispose();
    return scores;
  }

  it('scores as predictScores does on modelInput, per model by ARN, leaving the caller its bytes', async () => {
    const rows: Array<[string, number, boolean, boolean, string]> = [];
    const wants = { a: await expected('a'), b: await expected('b') };
    for (const [arn, name] of [
      [ARN_A, 'a'],
      [ARN_B, 'b'],
      [ARN_A, 'a'],
    ] as const) {
      const want = await expected(name);
      for (const [i, bytes] of images.entries()) {
        const sent = bytes.slice();
        const score = await pool.score(model(arn, name), sent);
        // The same array again, by the other model: as image-ingestion scores serving then shadow (it hung when transferred).
        const otherName = name === 'a' ? 'b' : 'a';
        const other = await pool.score(model(name === 'a' ? ARN_B : ARN_A, otherName), sent);
        rows.push([
          name,
          i,
          Math.abs(score.positiveScore - want[i]) < 1e-5,
          Math.abs(score.scores.normal + score.scores.pneumonia - 1) < 1e-6 && score.scores.pneumonia === score.positiveScore,
          `${score.finding === (score.positiveScore > 0.5 ? 'pneumonia' : 'normal')} kept=${sent.byteLength === bytes.byteLength} other=${Math.abs(other.positiveScore - wants[otherName][i]) < 1e-5}`,
        ]);
      }
    }
    expect(rows).toEqual([
      ['a', 0, true, true, 'true kept=true other=true'],
      ['a', 1, true, true, 'true kept=true other=true'],
      ['b', 0, true, true, 'true kept=true other=true'],
      ['b', 1, true, true, 'true kept=true other=true'],
      ['a', 0, true, true, 'true kept=true other=true'],
      ['a', 1, true, true, 'true kept=true other=true'],
    ]);
  }, 60_000);

  it('returns the features of the input and the time each part took', async () => {
    const { metadata } = await loadTriageModel(path.join(dir, 'a')).then((m) => (m.model.dispose(), m));
    const input = modelInput(images[0], metadata);
    const mean = input.reduce((a, b) => a + b, 0) / input.length;
    const score = await pool.score(model(ARN_A, 'a'), images[0].slice());
    expect(Math.abs(score.features.inputMean - mean)).toBeLessThan(1e-6);
    expect(Object.keys(score.features).sort()).toEqual(['inputMean', 'inputP05', 'inputP50', 'inputP95', 'inputStd']);
    const { decodeMs, inputMs, predictMs, totalMs } = score.timings;
    expect([decodeMs, inputMs, predictMs].every((t) => t >= 0) && Math.abs(decodeMs + inputMs + predictMs - totalMs) < 1e-6).toBe(true);
  }, 60_000);

  it('rejects a corrupt file or a missing model with the reason, and the worker goes on serving', async () => {
    const corrupt = images[0].slice(0, 2000);
    await expect(pool.score(model(ARN_A, 'a'), corrupt)).rejects.toThrow(`scoring failed: ${ARN_A}: `);
    await expect(pool.score(model(ARN_B, 'missing'), images[0].slice())).rejects.toThrow(
      /^scoring failed: .*model-package\/triage-chest-xray\/2: .*triage-model\.json/,
    );
    const [want] = await expected('a');
    const score = await pool.score(model(ARN_A, 'a'), images[0].slice());
    expect(Math.abs(score.positiveScore - want)).toBeLessThan(1e-5);
  }, 60_000);

  it('copies (leaves the caller its bytes) when the array is a view on a larger buffer', async () => {
    const larger = new Uint8Array(images[1].length + 16);
    larger.set(images[1], 16);
    const view = larger.subarray(16);
    await pool.score(model(ARN_A, 'a'), view);
    expect(view.byteLength).toBe(images[1].length);
  }, 60_000);

  it('close() waits for accepted images, ends the workers and refuses new ones', async () => {
    const other = ScoringPool.open({ size: 1 });
    const accepted = other.score(model(ARN_A, 'a'), images[0].slice());
    expect(other.threads).toBe(1);
    await other.close();
    expect(other.threads).toBe(0);
    await expect(accepted).resolves.toMatchObject({ finding: expect.any(String) });
    await expect(other.score(model(ARN_A, 'a'), images[0].slice())).rejects.toThrow('scoring pool is closed');
  }, 60_000);
});
