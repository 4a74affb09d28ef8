import { formatFigure } from '../dicomweb/report/result-table';
import type { OpenFigures } from './drive-viewer';
import { ratio, summarise, type Summary } from './summarise';

/** The three ways the same study is opened by the same viewer. */
export type ViewerMode = 'ours, progressive' | 'ours, full frames' | 'Orthanc';

/** Every open's figures, by mode: `afterLoad` opens scroll once all is loaded, `whileLoading` ones as soon as an image shows. */
export type ModeFigures = Map<ViewerMode, { afterLoad: OpenFigures[]; whileLoading: OpenFigures[] }>;

interface Row {
  measure: string;
  unit: string;
  better: 'lower' | 'higher';
  /** The target in words and the test on a median. */
  target?: { text: string; met: (median: number) => boolean };
  value: (figures: { afterLoad: OpenFigures[]; whileLoading: OpenFigures[] }) => (number | undefined)[];
}

/** The rows of the table: what is measured, from which opens, and the targets. */
export function viewerRows(slices: number): Row[] {
  const after = (pick: (f: OpenFigures) => number | undefined) => (m: { afterLoad: OpenFigures[] }) => m.afterLoad.map(pick);
  return [
    { measure: 'series metadata', unit: 'ms', better: 'lower', value: after((f) => f.seriesMetadata) },
    { measure: 'first image, fresh page (viewer start-up)', unit: 'ms', better: 'lower', value: after((f) => f.coldFirstImage) },
    {
      measure: 'first image (a prefix when progressive)',
      unit: 'ms',
      better: 'lower',
      target: { text: '<= 100 ms', met: (m) => m <= 100 },
      value: after((f) => f.firstImage),
    },
    {
      measure: 'first full-resolution image',
      unit: 'ms',
      better: 'lower',
      target: { text: '<= 100 ms', met: (m) => m <= 100 },
      value: after((f) => f.firstFullImage),
    },
    {
      measure: `all ${slices} slices loaded`,
      unit: 'ms',
      better: 'lower',
      target: { text: '<= 1000 ms', met: (m) => m <= 1000 },
      value: after((f) => f.allLoaded),
    },
    {
      measure: 'scrolling after load',
      unit: 'fps',
      better: 'higher',
      target: { text: '>= 60 fps', met: (m) => m >= 60 },
      value: after((f) => f.scrollFps),
    },
    {
      measure: 'scrolling while loading',
      unit: 'fps',
      better: 'higher',
      target: { text: '>= 60 fps', met: (m) => m >= 60 },
      value: (m) => m.whileLoading.map((f) => f.scrollFps),
    },
    { measure: 'frame requests per open', unit: '', better: 'lower', value: after((f) => f.frameRequests) },
    { measure: 'frame bytes per open', unit: 'MB', better: 'lower', value: after((f) => f.frameBytes / 1e6) },
  ];
}

/** Prints one table: each mode's median (p90), the ratios ours / Orthanc, and the targets met or missed by our best mode. */
export function printViewerTable(figures: ModeFigures, slices: number, extra: string[]): void {
  const modes = [...figures.keys()];
  const ours = modes.filter((m) => m !== 'Orthanc');
  const orthanc = figures.get('Orthanc');
  const header = [
    'measure',
    'unit',
    ...modes.map((m) => `${m} median (p90)`),
    ...(orthanc ? ours.map((m) => `${m.slice(6)} / Orthanc`) : []),
    'target',
    '',
  ];
  const cells: string[][] = [];
  for (const row of viewerRows(slices)) {
    const summaries = new Map(modes.map((m) => [m, summarise(row.value(figures.get(m) as never))] as const));
    const theirs = orthanc ? (summaries.get('Orthanc') as Summary).median : NaN;
    const best = ours
      .map((m) => (summaries.get(m) as Summary).median)
      .filter(Number.isFinite)
      .sort((a, b) => (row.better === 'lower' ? a - b : b - a))[0];
    cells.push([
      row.measure,
      row.unit,
      ...modes.map((m) => cell(summaries.get(m) as Summary)),
      ...(orthanc ? ours.map((m) => ratioText(ratio((summaries.get(m) as Summary).median, theirs))) : []),
      row.target?.text ?? '',
      row.target ? (best === undefined ? 'n/a' : row.target.met(best) ? 'met' : 'MISSED') : '',
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c
      .map((v, i) => (i >= 2 && i < header.length - 2 ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
  console.log('');
  for (const e of extra) console.log(e);
}

function cell(s: Summary): string {
  return s.count === 0 ? '—' : `${formatFigure(s.median)} (${formatFigure(s.p90)})`;
}

function ratioText(r: number): string {
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : '—';
}
