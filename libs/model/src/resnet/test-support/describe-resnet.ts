import { tf } from '../../tf';
import { buildResNet } from '../build-resnet';
import { modelConfig } from '../model-config';

// Prints the shape of each architecture named on the command line (`name` or `name:{overrides}`) as
// one JSON line. The spec runs it as a child process: under jest's realm every typed array tfjs
// makes takes its slow path, and ResNet-50 takes 75 s to build instead of 1.6 s.
async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const described = process.argv.slice(2).map((arg) => {
    const [name, json] = arg.split(/:(.*)/s);
    const config = modelConfig(name, json ? JSON.parse(json) : {});
    const model = buildResNet(config);
    const body = tf.model({
      inputs: model.inputs,
      outputs: model.getLayer(`conv5_block${config.blocks[3]}_out`).output as tf.SymbolicTensor,
    });
    const trainable = body.trainableWeights.reduce((sum, w) => sum + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
    const out = {
      layers: model.layers.length,
      params: model.countParams(),
      output: model.outputs[0].shape,
      base: { layers: body.layers.length, params: body.countParams(), trainable },
      names: model.layers.map((l) => l.name),
    };
    model.dispose();
    return out;
  });
  process.stdout.write(`${JSON.stringify(described)}\n`);
}

void main();
