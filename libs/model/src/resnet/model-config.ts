/** Which residual block a stage is made of: ResNet-50's 1x1-3x3-1x1 bottleneck (output 4x the width) or ResNet-18's two 3x3 convolutions. */
export type BlockKind = 'bottleneck' | 'basic';

/** The named configurations: `resnet50` (the GPU / production model) and `small` (trains on two CPU cores in minutes). */
export type ArchitectureName = 'resnet50' | 'small';

/**
 * What `buildResNet` builds. The named configurations fill every field; a caller overrides the
 * ones it needs (input shape, classes, seed).
 */
export interface ModelConfig {
  architecture: ArchitectureName;
  /** [height, width, channels]. */
  inputShape: [number, number, number];
  /** Number of classes; 2 with a `sigmoid` head gives one output, the positive class's probability. */
  classes: number;
  /** `sigmoid` (binary, one unit) or `softmax` (one unit per class). */
  head: 'sigmoid' | 'softmax';
  block: BlockKind;
  /** Blocks per stage (conv2..conv5 in Keras's names). */
  blocks: [number, number, number, number];
  /** Width of each stage (bottleneck blocks output 4x this). */
  widths: [number, number, number, number];
  /** Stem: filters, kernel and stride of conv1, and whether the 3x3/2 max pool follows it. */
  stem: { filters: number; kernel: number; stride: number; pool: boolean };
  /** BatchNormalization momentum (0.9: 0.99 left validation accuracy at 0.50 on a 200-image run). */
  batchNormMomentum: number;
  /** Seeds every initialiser: the same seed builds the same weights. */
  seed: number;
  /** Dropout before the classifier (0: none). */
  dropout: number;
}

/** Keras ResNet50: bottleneck 3-4-6-3, widths 64-128-256-512, 224x224x3. */
export const RESNET50: ModelConfig = {
  architecture: 'resnet50',
  inputShape: [224, 224, 3],
  classes: 2,
  head: 'sigmoid',
  block: 'bottleneck',
  blocks: [3, 4, 6, 3],
  widths: [64, 128, 256, 512],
  stem: { filters: 64, kernel: 7, stride: 2, pool: true },
  batchNormMomentum: 0.9,
  seed: 1,
  dropout: 0,
};

/**
 * The CPU configuration, chosen by measurement (libs/model/README.md): basic blocks 1-1-1-1,
 * widths 16-32-64-128, 64x64x1, a 3x3/2 stem without pooling.
 */
export const SMALL: ModelConfig = {
  architecture: 'small',
  inputShape: [64, 64, 1],
  classes: 2,
  head: 'sigmoid',
  block: 'basic',
  blocks: [1, 1, 1, 1],
  widths: [16, 32, 64, 128],
  stem: { filters: 16, kernel: 3, stride: 2, pool: false },
  batchNormMomentum: 0.9,
  seed: 1,
  dropout: 0,
};

const NAMED: Record<ArchitectureName, ModelConfig> = { resnet50: RESNET50, small: SMALL };

/** The named configuration with `overrides` applied; an unknown name is an error listing the known ones. */
export function modelConfig(architecture: string, overrides: Partial<Omit<ModelConfig, 'architecture'>> = {}): ModelConfig {
  const base = (NAMED as Record<string, ModelConfig | undefined>)[architecture];
  if (!base) throw new Error(`unknown architecture ${JSON.stringify(architecture)} (known: ${Object.keys(NAMED).join(', ')})`);
  return { ...base, ...overrides, stem: { ...base.stem, ...overrides.stem } };
}
