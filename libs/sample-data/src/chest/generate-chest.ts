import { writePart10 } from '@triage/dicom';
import { drawStudyContext } from '../dicom/study-context';
import { Rng } from '../random/rng';
import type { ChestLabel, ChestTruth, GeneratedInstance } from '../types';
import type { ChestAnatomy } from './anatomy';
import type { Placement } from './placement';
import { deriveUid } from '../uid/derive-uid';
import { drawChestAnatomy } from './anatomy';
import { chestDataset } from './chest-dataset';
import type { Conspicuity } from './opacities';
import { drawOpacities, opacityTruth, renderOpacities } from './opacities';
import { placement } from './placement';
import { renderChest } from './render-chest';

/** Options of {@link generateChestStudies}. */
export interface ChestOptions {
  /** Number of studies (one radiograph each). */
  count: number;
  /** The same seed and options give byte-identical files. */
  seed: string;
  /** Share of pneumonia cases, drawn per case (default 0.5). */
  pneumoniaFraction?: number;
  /** Index of the first case (default 0): generate a large set in shards with the same seed. */
  startIndex?: number;
  /** Rows and columns (default 1024); the detector stays 430 mm, so the spacing follows. */
  size?: number;
  /** How findable the pneumonia cases' opacities are (default `varied`; `clear` for training a small net from scratch). */
  conspicuity?: Conspicuity;
}

/** Options of {@link generateChestRadiograph}. */
export interface ChestCaseOptions {
  seed: string;
  /** Case number: with the seed, it fixes the patient, anatomy and study. */
  index: number;
  /** Force the label; by default it is drawn with `pneumoniaFraction`. */
  label?: ChestLabel;
  pneumoniaFraction?: number;
  size?: number;
  conspicuity?: Conspicuity;
}

const DETECTOR_MM = 430;

/** Lazily generates `count` synthetic chest radiograph studies (DX For Presentation), each labelled normal or pneumonia. */
export function* generateChestStudies(options: ChestOptions): Generator<GeneratedInstance> {
  if (!Number.isInteger(options.count) || options.count < 0) throw new RangeError(`count ${options.count} is not a non-negative integer`);
  const start = options.startIndex ?? 0;
  for (let i = start; i < start + options.count; i++) {
    yield generateChestRadiograph({
      seed: options.seed,
      index: i,
      pneumoniaFraction: options.pneumoniaFraction,
      size: options.size,
      conspicuity: options.conspicuity,
    });
  }
}

/**
 * One chest radiograph. The anatomy, noise and study depend only on seed and index; the opacities
 * on their own stream, so forcing the label of a case changes the lungs and nothing else.
 */
export function generateChestRadiograph(options: ChestCaseOptions): GeneratedInstance {
  const size = options.size ?? 1024;
  if (!Number.isInteger(size) || size < 64 || size > 4096) throw new RangeError(`size ${size} is not an integer in [64, 4096]`);
  const fraction = options.pneumoniaFraction ?? 0.5;
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`pneumoniaFraction ${fraction} is not in [0, 1]`);
  const casePath = `chest/${options.index}`;
  const root = new Rng(options.seed).fork(casePath);
  const label: ChestLabel = options.label ?? (root.fork('label').next() < fraction ? 'pneumonia' : 'normal');
  const studyInstanceUid = deriveUid(options.seed, `${casePath}/study`);
  const seriesInstanceUid = deriveUid(options.seed, `${casePath}/series`);
  const sopInstanceUid = deriveUid(options.seed, `${casePath}/instance`);
  const study = drawStudyContext(root.fork('study'), 'CHEST', options.index, studyInstanceUid);
  const anatomyRng = root.fork('anatomy');
  const anatomy = drawChestAnatomy(anatomyRng.fork('shape'), study.sex);
  const place = placement(anatomy, size, DETECTOR_MM);
  const conspicuity = options.conspicuity ?? 'varied';
  const shapes = label === 'pneumonia' ? drawOpacities(root.fork('opacity'), anatomy, place, conspicuity) : [];
  const opacity = renderOpacities(root.fork('opacity').fork('render'), shapes, size);
  const { pixels, window } = renderChest(anatomyRng.fork('render'), anatomy, place, opacity);
  const truth: ChestTruth = {
    kind: 'chest',
    label,
    opacities: opacityTruth(shapes),
    view: anatomy.view,
    landmarks: landmarks(anatomy, place),
    anatomySeed: `${options.seed}/${casePath}/anatomy`,
  };
  const dataset = chestDataset({
    study,
    seriesInstanceUid,
    sopInstanceUid,
    size,
    imagerSpacing: DETECTOR_MM / size,
    magnification: anatomy.view === 'PA' ? 1.1 : 1.2,
    window,
    truth,
    origin: `seed=${JSON.stringify(options.seed)} case=${options.index} size=${size}${conspicuity === 'clear' ? ' conspicuity=clear' : ''}`,
  });
  const bytes = writePart10(dataset, { pixelData: new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength), source: casePath });
  return {
    fileName: `chest-${String(options.index).padStart(4, '0')}.dcm`,
    bytes,
    sopInstanceUid,
    studyInstanceUid,
    seriesInstanceUid,
    label,
    truth,
    frame: { rows: size, columns: size, pixels, rescaleSlope: 1, rescaleIntercept: 0, window },
  };
}

function landmarks(a: ChestAnatomy, place: Placement): ChestTruth['landmarks'] {
  const at = (x: number, y: number): [number, number] => place.toPixel(x, y).map((v) => Math.round(v)) as [number, number];
  const r = a.right;
  const l = a.left;
  return {
    rightLung: at(-0.62 * r.width, r.apexY + 0.5 * (r.domeY - r.apexY)),
    // The upper left lung: lower down, the heart overlaps it.
    leftLung: at(0.62 * l.width, l.apexY + 0.35 * (l.domeY - l.apexY)),
    heart: at(a.heart.cx, a.heart.cy),
  };
}
