import { writePart10 } from '@triage/dicom';
import { drawStudyContext } from '../dicom/study-context';
import { Rng } from '../random/rng';
import type { Grid } from '../raster/paint';
import type { CtTruth, GeneratedInstance } from '../types';
import { deriveUid } from '../uid/derive-uid';
import { CT_WINDOWS, ctSliceDataset } from './ct-dataset';
import { drawPhantom } from './phantom';
import { CT_RESCALE_INTERCEPT, renderSlice } from './render-slice';
import { growVesselTree } from './vessel-tree';

/** Options of {@link generateCtSeries}. */
export interface CtOptions {
  /** Slices in the series, 50 to 600. */
  slices: number;
  /** The same seed and options give byte-identical files. */
  seed: string;
  /** Series number under the seed (default 0): another patient, study and series. */
  index?: number;
  rows?: number;
  columns?: number;
  /** Slice thickness and spacing (mm); by default the thinnest usual value that covers the chest (≥ 250 mm). */
  sliceThickness?: number;
}

/** Usual reconstruction thicknesses (mm). */
const THICKNESSES = [0.625, 1, 1.25, 2, 2.5, 3, 5];
/** Centre of the scan along z, relative to the carina: mid-chest. */
const SCAN_CENTRE = -60;

/**
 * Lazily generates one synthetic chest CT series, slice by slice from the feet to the head
 * (z increasing with InstanceNumber); only one slice's pixels exist at a time.
 */
export function* generateCtSeries(options: CtOptions): Generator<GeneratedInstance> {
  const { slices, seed } = options;
  if (!Number.isInteger(slices) || slices < 50 || slices > 600) throw new RangeError(`slices ${slices} is not an integer from 50 to 600`);
  const rows = options.rows ?? 512;
  const columns = options.columns ?? 512;
  for (const [name, v] of [
    ['rows', rows],
    ['columns', columns],
  ] as const) {
    if (!Number.isInteger(v) || v < 64 || v > 2048) throw new RangeError(`${name} ${v} is not an integer in [64, 2048]`);
  }
  const thickness = options.sliceThickness ?? THICKNESSES.find((t) => t * slices >= 250) ?? 5;
  if (!(thickness > 0 && thickness <= 10)) throw new RangeError(`sliceThickness ${thickness} is not in (0, 10] mm`);
  const index = options.index ?? 0;
  const casePath = `ct/${index}`;
  const root = new Rng(seed).fork(casePath);
  const study = drawStudyContext(root.fork('study'), 'CT', index, deriveUid(seed, `${casePath}/study`));
  const phantom = drawPhantom(root.fork('phantom'), study.sex);
  const vessels = growVesselTree(root.fork('vessels'), phantom);
  // Field of view: the body plus a margin, rounded like a scanner's reconstruction diameter.
  const fieldOfView = Math.ceil((2 * phantom.body.a * 1.12 + 50) / 10) * 10;
  const spacing = fieldOfView / Math.max(rows, columns);
  const centreY = 20;
  const grid: Grid = { columns, rows, spacing, x0: -((columns - 1) / 2) * spacing, y0: centreY - ((rows - 1) / 2) * spacing };
  // Table position: where the carina sits in the scanner's z, as a real series would report it.
  const tableOffset = -Math.round(root.fork('table').uniform(150, 300));
  const firstZ = SCAN_CENTRE - ((slices - 1) * thickness) / 2;
  const truth: CtTruth = {
    kind: 'ct',
    sliceThickness: thickness,
    landmarks: { carinaZ: tableOffset, apexZ: round2(phantom.apexZ + tableOffset), rightDomeZ: round2(phantom.dome.rightZ + tableOffset) },
  };
  const series = {
    study,
    seriesInstanceUid: deriveUid(seed, `${casePath}/series`),
    frameOfReferenceUid: deriveUid(seed, `${casePath}/frame-of-reference`),
    rows,
    columns,
    pixelSpacing: spacing,
    fieldOfView,
    originX: grid.x0,
    originY: grid.y0,
    sliceThickness: thickness,
    slices,
    truth,
    origin: `seed=${JSON.stringify(seed)} series=${index} slices=${slices} rows=${rows} columns=${columns} thickness=${thickness}`,
  };
  const scene = { phantom, vessels, grid };
  for (let i = 0; i < slices; i++) {
    const z = firstZ + i * thickness;
    const patientZ = round3(z + tableOffset);
    const pixels = renderSlice(scene, z, thickness, root.fork(`slice/${i}`));
    const sopInstanceUid = deriveUid(seed, `${casePath}/instance/${i}`);
    const dataset = ctSliceDataset(series, i, patientZ, sopInstanceUid);
    const bytes = writePart10(dataset, {
      pixelData: new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength),
      source: `${casePath}/${i}`,
    });
    yield {
      fileName: `ct-${String(i + 1).padStart(4, '0')}.dcm`,
      bytes,
      sopInstanceUid,
      studyInstanceUid: study.studyInstanceUid,
      seriesInstanceUid: series.seriesInstanceUid,
      truth,
      frame: {
        rows,
        columns,
        pixels,
        rescaleSlope: 1,
        rescaleIntercept: CT_RESCALE_INTERCEPT,
        window: { center: CT_WINDOWS[0].center, width: CT_WINDOWS[0].width },
      },
    };
  }
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
