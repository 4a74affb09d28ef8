import type { tf } from '../tf';

/** The parts of a ResNet that can be frozen apart: the stem, the four stages (Keras's conv2..conv5) and the head. */
export type ResNetStage = 'stem' | 'stage1' | 'stage2' | 'stage3' | 'stage4' | 'head';

export const RESNET_STAGES: readonly ResNetStage[] = ['stem', 'stage1', 'stage2', 'stage3', 'stage4', 'head'];

/** The stage a layer belongs to, by its Keras name; undefined for layers without weights of any stage (the input). */
export function stageOfLayer(name: string): ResNetStage | undefined {
  if (name.startsWith('conv1_') || name.startsWith('pool1_')) return 'stem';
  const match = /^conv([2-5])_/.exec(name);
  if (match) return `stage${Number(match[1]) - 1}` as ResNetStage;
  if (name === 'avg_pool' || name === 'dropout' || name === 'predictions') return 'head';
  return undefined;
}

/**
 * Makes the layers of `trainable` stages trainable and every other stage's frozen (transfer
 * learning: e.g. `['stage4', 'head']` fine-tunes the last stage and the classifier).
 */
export function setTrainableStages(model: tf.LayersModel, trainable: readonly ResNetStage[]): void {
  const unknown = trainable.filter((s) => !RESNET_STAGES.includes(s));
  if (unknown.length) throw new Error(`unknown stages ${unknown.join(', ')} (known: ${RESNET_STAGES.join(', ')})`);
  for (const layer of model.layers) {
    const stage = stageOfLayer(layer.name);
    if (stage) layer.trainable = trainable.includes(stage);
  }
}

/** Parses a stage list as a hyperparameter gives it (`stem,stage1`); empty gives none. */
export function parseStages(list: string): ResNetStage[] {
  const stages = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = stages.filter((s) => !RESNET_STAGES.includes(s as ResNetStage));
  if (unknown.length) throw new Error(`unknown stages ${unknown.join(', ')} (known: ${RESNET_STAGES.join(', ')})`);
  return stages as ResNetStage[];
}
