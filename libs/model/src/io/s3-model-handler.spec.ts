import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { tf } from '../tf';
import { selectBackend } from '../backend/select-backend';
import { registerModelIo } from './register-model-io';
import { startS3rver, type S3rverUnderTest } from '@triage/test-support/s3';
import { predictSmall, smallConvNet, smallConvNetInput } from './test-support/small-models';

const quiet = { log: () => undefined };
let s3: S3rverUnderTest;

beforeAll(async () => {
  s3 = await startS3rver(['models']);
  registerModelIo({ s3: s3.client });
});
afterAll(() => s3.close());

async function keys(prefix: string): Promise<string[]> {
  const out = await s3.client.send(new ListObjectsV2Command({ Bucket: 'models', Prefix: prefix }));
  return (out.Contents ?? []).map((object) => object.Key ?? '').sort();
}

describe('s3:// model IO (s3rver on loopback)', () => {
  it('puts model.json and weights.bin under the prefix; a model saved on wasm loads on cpu and predicts the same within 1e-5', async () => {
    await selectBackend({ backend: 'wasm', ...quiet });
    const model = smallConvNet(11);
    await model.fit(smallConvNetInput(), tf.oneHot([1, 0], 3).toFloat(), { epochs: 1, verbose: 0 });
    await model.save('s3://models/runs/1/model');
    const predicted = predictSmall(model);
    expect(await keys('runs/1/')).toEqual(['runs/1/model/model.json', 'runs/1/model/weights.bin']);

    await selectBackend({ backend: 'cpu', ...quiet });
    for (const uri of ['s3://models/runs/1/model/model.json', 's3://models/runs/1/model']) {
      const loaded = await tf.loadLayersModel(uri);
      const diff = Math.max(...predictSmall(loaded).map((value, i) => Math.abs(value - predicted[i])));
      expect(diff).toBeLessThanOrEqual(1e-5);
    }
  });

  it('fails naming the object when model.json or the weights are missing or truncated', async () => {
    await selectBackend({ backend: 'cpu', ...quiet });
    await smallConvNet(3).save('s3://models/broken');
    const weightsKey = 'broken/weights.bin';
    const got = await s3.client.send(new GetObjectCommand({ Bucket: 'models', Key: weightsKey }));
    const good = (await got.Body?.transformToByteArray()) ?? new Uint8Array(0);
    const put = (body: Uint8Array) => s3.client.send(new PutObjectCommand({ Bucket: 'models', Key: weightsKey, Body: body }));
    const cases: [string, () => Promise<unknown>, string][] = [
      [
        'missing weights',
        () => s3.client.send(new DeleteObjectCommand({ Bucket: 'models', Key: weightsKey })),
        'weights file s3://models/broken/weights.bin named in s3://models/broken/model.json is missing',
      ],
      [
        'truncated weights',
        () => put(good.subarray(0, 10)),
        `weights file s3://models/broken/weights.bin is truncated: 10 bytes where s3://models/broken/model.json describes ${good.length}`,
      ],
    ];
    const outcomes: [string, string][] = [];
    for (const [name, damage] of cases) {
      await damage();
      outcomes.push([
        name,
        await tf.loadLayersModel('s3://models/broken/model.json').then(
          () => 'loaded',
          (e: Error) => e.message,
        ),
      ]);
      await put(good);
    }
    outcomes.push([
      'missing model.json',
      await tf.loadLayersModel('s3://models/absent/model.json').then(
        () => 'loaded',
        (e: Error) => e.message,
      ),
    ]);
    expect(outcomes).toEqual([
      ...cases.map(([name, , message]) => [name, message]),
      ['missing model.json', 'model file s3://models/absent/model.json is missing'],
    ]);
  });
});
