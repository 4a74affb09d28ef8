import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

/** What one viewer benchmark run does. */
export interface ViewerOptions {
  /** Opens of the study per mode; the table gives median and p90 over them. */
  runs: number;
  slices: number;
  /** Length of each scroll window (ms) over which frames drawn are counted. */
  scrollMs: number;
  modes: { progressive: boolean; full: boolean; orthanc: boolean };
  api: 'source' | 'dist';
  cacheDir: string;
  /** The built viewer (apps/viewer/dist by default); built with `node apps/viewer/build.mjs` when missing. */
  viewerDist?: string;
  keep: boolean;
  /** The viewer's `?rendering=` (auto: none, the viewer's own choice: the CPU over SwiftShader). */
  rendering: 'auto' | 'gpu' | 'cpu';
}

/** Usage of the options below, for the harness's listing. */
export const VIEWER_USAGE =
  '--runs N (default 5), --slices N (200), --scroll-ms MS (2000), --ours-only, --orthanc-only, --api source|dist, --viewer-dist DIR, --cache DIR, --keep, --rendering auto|gpu|cpu';

/** Parses the viewer benchmark's command line; refuses what it cannot run with a reason. */
export function parseViewerOptions(args: string[]): ViewerOptions {
  const { values } = parseArgs({
    args,
    options: {
      runs: { type: 'string', default: '5' },
      slices: { type: 'string', default: '200' },
      'scroll-ms': { type: 'string', default: '2000' },
      'ours-only': { type: 'boolean', default: false },
      'orthanc-only': { type: 'boolean', default: false },
      api: { type: 'string', default: 'source' },
      'viewer-dist': { type: 'string' },
      cache: { type: 'string', default: path.join(os.tmpdir(), 'triage-bench-cache') },
      keep: { type: 'boolean', default: false },
      rendering: { type: 'string', default: 'auto' },
    },
    strict: true,
  });
  if (values.api !== 'source' && values.api !== 'dist') throw new Error(`--api is source or dist, not ${values.api}`);
  if (values.rendering !== 'auto' && values.rendering !== 'gpu' && values.rendering !== 'cpu')
    throw new Error(`--rendering is auto, gpu or cpu, not ${values.rendering}`);
  if (values['ours-only'] && values['orthanc-only']) throw new Error('--ours-only and --orthanc-only leave nothing to measure');
  return {
    runs: positiveInteger('--runs', values.runs, 1, 100),
    slices: positiveInteger('--slices', values.slices, 2, 2000),
    scrollMs: positiveInteger('--scroll-ms', values['scroll-ms'], 100, 60_000),
    modes: { progressive: !values['orthanc-only'], full: !values['orthanc-only'], orthanc: !values['ours-only'] },
    api: values.api,
    cacheDir: path.resolve(values.cache),
    viewerDist: values['viewer-dist'] ? path.resolve(values['viewer-dist']) : undefined,
    keep: values.keep,
    rendering: values.rendering,
  };
}

function positiveInteger(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new Error(`${name} is a whole number from ${min} to ${max}, not ${text}`);
  return value;
}
