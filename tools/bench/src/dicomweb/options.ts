import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { LoadShape } from './measure/load';

/** What one run measures and how long each measurement may take. */
export interface DicomwebOptions {
  quick: boolean;
  keep: boolean;
  /** Run our server under `node --cpu-prof` and print where its time went. */
  profile: boolean;
  cacheDir: string;
  api: 'source' | 'dist';
  servers: { ours: boolean; orthanc: boolean };
  /** Slices of the CT series whose frames and metadata are fetched (600 in the issue). */
  ctSlices: number;
  /** Distinct 512×512 instances of the timed ingest (200 in the issue; a generated CT series, so 50 to 600). */
  ingestInstances: number;
  ingestClients: number;
  /** Store sizes (studies) at which QIDO is measured, ascending (1,000 and 10,000 in the issue). */
  qidoStores: number[];
  /** Servers alternate in this many slices of every latency measurement and of the timed ingest. */
  rounds: number;
  frames: { sequential: LoadShape; concurrent: LoadShape };
  /** The frame loads right after an ingest, while our backlog drains: short, one run, no settling between. */
  framesDuring: { sequential: LoadShape; concurrent: LoadShape };
  /** Runs of the frame measurements after transcoding; the table shows their median and range. */
  repeat: number;
  /** storescu processes (one association each) of the timed C-STORE. */
  cstoreAssociations: number;
  /** Set by --growing: measure only a study read while one writer grows it. */
  growing?: GrowingOptions;
  metadata: LoadShape;
  qido: LoadShape;
}

/** The growing-study mode: one writer adds small instances to one study while readers read its frames. */
export interface GrowingOptions {
  /** Instances the writer adds (10,000 in the issue). */
  instances: number;
  /** Reads are reported per this many instances. */
  step: number;
  readers: number;
  /** Each server's run stops after this long, however far the writer got. */
  maxSeconds: number;
}

/** Usage of the options below, for the harness's listing. */
export const DICOMWEB_USAGE =
  '--quick (small smoke run), --slices N (CT series, 600), --repeat N (frame runs, median and range), --ours-only, --orthanc-only, --api source|dist, --cache DIR, --keep (leave server data), --profile (CPU profile of our server); --growing [--instances N (10000)] [--step N (1000)] [--minutes M (20)]: a study read while it grows, alone';

/** A positive integer option, or `fallback` when not given. */
function positive(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} is a positive integer, not ${value}`);
  return n;
}

/** Parses the benchmark's command line; the defaults are the sizes, --quick shrinks everything. */
export function parseDicomwebOptions(args: string[]): DicomwebOptions {
  const { values } = parseArgs({
    args,
    options: {
      quick: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      cache: { type: 'string', default: path.join(os.tmpdir(), 'triage-bench-cache') },
      api: { type: 'string', default: 'source' },
      'ours-only': { type: 'boolean', default: false },
      'orthanc-only': { type: 'boolean', default: false },
      slices: { type: 'string' },
      repeat: { type: 'string' },
      growing: { type: 'boolean', default: false },
      instances: { type: 'string' },
      step: { type: 'string' },
      minutes: { type: 'string' },
    },
    strict: true,
  });
  if (values.api !== 'source' && values.api !== 'dist') throw new Error(`--api is source or dist, not ${values.api}`);
  const quick = values.quick;
  const concurrency = 8;
  return {
    quick,
    keep: values.keep,
    profile: values.profile,
    cacheDir: path.resolve(values.cache),
    api: values.api,
    servers: { ours: !values['orthanc-only'], orthanc: !values['ours-only'] },
    ctSlices: positive(values.slices, 'slices', quick ? 50 : 600),
    ingestInstances: quick ? 50 : 200,
    ingestClients: concurrency,
    qidoStores: quick ? [100, 1000] : [1000, 10_000],
    rounds: quick ? 2 : 4,
    frames: {
      sequential: { concurrency: 1, maxRequests: quick ? 100 : 600, maxSeconds: quick ? 3 : 8, warmup: 20 },
      concurrent: { concurrency, maxRequests: quick ? 400 : 4000, maxSeconds: quick ? 3 : 8, warmup: 0 },
    },
    framesDuring: {
      sequential: { concurrency: 1, maxRequests: quick ? 100 : 600, maxSeconds: quick ? 1.5 : 3, warmup: 0 },
      concurrent: { concurrency, maxRequests: quick ? 400 : 4000, maxSeconds: quick ? 1.5 : 3, warmup: 0 },
    },
    repeat: positive(values.repeat, 'repeat', quick ? 1 : 3),
    cstoreAssociations: concurrency,
    growing: values.growing
      ? {
          instances: positive(values.instances, 'instances', quick ? 2000 : 10_000),
          step: positive(values.step, 'step', quick ? 500 : 1000),
          readers: 4,
          maxSeconds: positive(values.minutes, 'minutes', 20) * 60,
        }
      : undefined,
    metadata: { concurrency: 1, maxRequests: quick ? 5 : 40, maxSeconds: quick ? 5 : 12, warmup: 1 },
    qido: { concurrency: 1, maxRequests: quick ? 50 : 300, maxSeconds: quick ? 2 : 5, warmup: 5 },
  };
}
