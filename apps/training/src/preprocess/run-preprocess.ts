import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { EXPORT_LABELS_FILE, EXPORT_MANIFEST_FILE, reportProgress, type DatasetExportManifest, type ExportedLabel } from '@triage/pipeline';
import { resizeToSquare } from '@triage/inference';
import type { TensorDatasetItem } from '@triage/model';
import { PROCESSING_PATHS, mlPath } from '../container/ml-paths';
import { augmentImage, CHEST_AUGMENTATION, type AugmentOptions } from './augment-image';
import { snapshotHash, type DatasetSnapshot, type SnapshotItem, type SplitCounts } from './dataset-snapshot';
import { SPLIT_FRACTIONS, SPLITS, splitKeyId, type SplitName } from './patient-split';
import { readRadiograph } from './read-radiograph';
import { SeededRandom } from './seeded-random';
import { SplitWriter } from './split-writer';
import { readStepArguments, type StepParameter } from './step-arguments';

/** What preprocess accepts, as ContainerArguments (`--image-size 64`) or the environment variable. */
export const PREPROCESS_PARAMETERS: readonly StepParameter[] = [
  { name: 'architecture', env: 'TRIAGE_ARCHITECTURE', description: 'small or resnet50: gives the input shape not given below' },
  {
    name: 'image-size',
    env: 'TRIAGE_IMAGE_SIZE',
    description: "side of the square model input in pixels, default the architecture's (small 64)",
  },
  { name: 'channels', env: 'TRIAGE_CHANNELS', description: "1, or 3 (the grey repeated), default the architecture's (small 1)" },
  { name: 'augment-copies', env: 'TRIAGE_AUGMENT_COPIES', description: 'augmented copies per training image, default 2' },
  { name: 'augment-flip', env: 'TRIAGE_AUGMENT_FLIP', description: 'true to mirror copies left-right at random, default false' },
  { name: 'seed', env: 'TRIAGE_SEED', description: 'seed of the augmentation, default "triage"' },
  { name: 'split-key', env: 'TRIAGE_SPLIT_KEY', description: 'the secret keying the patient split, required' },
  { name: 'classes', env: 'TRIAGE_CLASSES', description: "class names in index order, comma-separated, default the export's findings" },
];

/** The input each named architecture of @triage/model takes (its ModelConfig.inputShape). */
const ARCHITECTURE_INPUTS: Record<string, { size: number; channels: number } | undefined> = {
  small: { size: 64, channels: 1 },
  resnet50: { size: 224, channels: 3 },
};

/** Where preprocess reads and writes (SageMaker processing paths). */
export const PREPROCESS_IO = {
  dataset: PROCESSING_PATHS.input('dataset'),
  split: (name: SplitName) => PROCESSING_PATHS.output(name),
  snapshot: PROCESSING_PATHS.output('snapshot'),
} as const;

/** The preprocess step: the export in, the three tensor splits and the dataset snapshot out. */
export async function runPreprocess(): Promise<void> {
  const args = readStepArguments(PREPROCESS_PARAMETERS);
  const architecture = args.string('architecture', 'small');
  const input = ARCHITECTURE_INPUTS[architecture];
  if (!input) throw new Error(`--architecture ${architecture} is not one of ${Object.keys(ARCHITECTURE_INPUTS).join(', ')}`);
  const size = args.integer('image-size', input.size);
  const channels = args.integer('channels', input.channels);
  if (size < 8 || size > 1024) throw new Error(`--image-size ${size} is not from 8 to 1024`);
  if (channels !== 1 && channels !== 3) throw new Error(`--channels ${channels} is not 1 or 3`);
  const copies = args.integer('augment-copies', 2);
  if (copies < 0 || copies > 16) throw new Error(`--augment-copies ${copies} is not from 0 to 16`);
  const augmentation: AugmentOptions = { ...CHEST_AUGMENTATION, flip: args.boolean('augment-flip', false) };
  const seed = args.string('seed', 'triage');
  const splitKey = args.string('split-key', '');
  if (splitKey.length < 8) throw new Error('a split key of at least 8 characters is required (--split-key or TRIAGE_SPLIT_KEY)');

  const dataset = mlPath(PREPROCESS_IO.dataset);
  const exported = JSON.parse(fs.readFileSync(path.join(dataset, EXPORT_MANIFEST_FILE), 'utf8')) as DatasetExportManifest;
  if (exported.format !== 'triage-dataset-export/1')
    throw new Error(`${dataset}: not a dataset export (format ${String(exported.format)})`);
  const classesArg = args.string('classes', '');
  const classes = classesArg ? classesArg.split(',').map((c) => c.trim()) : exported.findings;
  const shape: [number, number, number] = [size, size, channels];
  const writers = Object.fromEntries(SPLITS.map((s) => [s, new SplitWriter(s, shape)])) as Record<SplitName, SplitWriter>;
  const items: SnapshotItem[] = [];
  const skipped: DatasetSnapshot['skipped'] = [];
  const total = exported.counts.labels;
  let done = 0;

  const lines = readline.createInterface({ input: fs.createReadStream(path.join(dataset, EXPORT_LABELS_FILE)), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const label = JSON.parse(line) as ExportedLabel;
    const classIndex = classes.indexOf(label.finding);
    if (classIndex < 0) {
      skipped.push({
        imageSetId: label.imageSetId,
        labelVersion: label.labelVersion,
        reason: `finding ${label.finding} is not a class (${classes.join(', ')})`,
      });
    } else {
      try {
        // One full-size image at a time: decoded, windowed and shrunk before the next is read.
        const image = readRadiograph(fs.readFileSync(path.join(dataset, label.file)), label.file, splitKey);
        const small = resizeToSquare(image.pixels, image.rows, image.columns, size);
        const { split, patientKey } = image.patient;
        const row: TensorDatasetItem = { imageSetId: label.imageSetId, labelVersion: label.labelVersion, label: classIndex, patientKey };
        writers[split].add(small, row, image.synthetic);
        // Only the training split is augmented: validation and test measure the images as they come.
        if (split === 'train')
          for (let k = 1; k <= copies; k++) {
            const random = new SeededRandom(seed, `${label.imageSetId}/${label.sopInstanceUid}/${k}`);
            const copy = augmentImage(small, size, random, augmentation);
            writers.train.add(copy.image, { ...row, augmentation: copy.augmentation }, image.synthetic);
          }
        items.push({
          imageSetId: label.imageSetId,
          labelledOn: label.labelledOn,
          labelVersion: label.labelVersion,
          finding: label.finding,
          split,
          patientKey,
          synthetic: image.synthetic,
          window: image.window.source,
        });
      } catch (error) {
        skipped.push({ imageSetId: label.imageSetId, labelVersion: label.labelVersion, reason: (error as Error).message });
      }
    }
    done += 1;
    reportProgress({ phase: 'preprocess', done, total, message: `${items.length} images, ${skipped.length} skipped` });
  }

  const counts = countSplits(items, classes, writers);
  const empty = SPLITS.filter((s) => counts[s].images === 0);
  if (empty.length > 0)
    throw new Error(
      `no image fell in ${empty.join(' and ')}: ${new Set(items.map((i) => i.patientKey)).size} patients are too few for a 70/15/15 split by patient`,
    );
  const files: Record<string, string> = {};
  for (const split of SPLITS) Object.assign(files, writers[split].write(mlPath(PREPROCESS_IO.split(split)), classes));
  const snapshot: Omit<DatasetSnapshot, 'contentHash'> = {
    format: 'triage-dataset-snapshot/1',
    export: {
      datastoreId: exported.datastoreId,
      contentHash: exported.contentHash,
      ...(exported.since !== undefined ? { since: exported.since } : {}),
      ...(exported.latestVerifiedAt !== undefined ? { latestVerifiedAt: exported.latestVerifiedAt } : {}),
    },
    parameters: {
      imageSize: size,
      channels,
      augmentCopies: copies,
      augmentation,
      seed,
      splitKeyId: splitKeyId(splitKey),
      splitFractions: { ...SPLIT_FRACTIONS },
      resize: 'area',
      normalise: 'unit',
    },
    classes,
    synthetic: items.length > 0 && items.every((i) => i.synthetic),
    items,
    skipped,
    counts,
    files,
  };
  const snapshotDir = mlPath(PREPROCESS_IO.snapshot);
  fs.mkdirSync(snapshotDir, { recursive: true });
  const whole: DatasetSnapshot = { ...snapshot, contentHash: snapshotHash(snapshot) };
  fs.writeFileSync(path.join(snapshotDir, 'snapshot.json'), `${JSON.stringify(whole, null, 1)}\n`);
  reportProgress({
    phase: 'preprocess',
    done,
    total,
    message: `snapshot ${whole.contentHash.slice(0, 12)}: ${SPLITS.map((s) => `${s} ${counts[s].images}`).join(', ')}, ${skipped.length} skipped`,
  });
}

function countSplits(items: SnapshotItem[], classes: string[], writers: Record<SplitName, SplitWriter>): Record<SplitName, SplitCounts> {
  const counts = {} as Record<SplitName, SplitCounts>;
  for (const split of SPLITS) {
    const inSplit = items.filter((i) => i.split === split);
    counts[split] = {
      images: inSplit.length,
      augmented: writers[split].items.length - inSplit.length,
      patients: new Set(inSplit.map((i) => i.patientKey)).size,
      byClass: Object.fromEntries(classes.map((c) => [c, inSplit.filter((i) => i.finding === c).length])),
    };
  }
  return counts;
}
