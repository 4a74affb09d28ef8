import type { CatalogChange } from '@triage/catalog';
import type { CodecPool } from '@triage/codec';
import type { LocalHealthImagingOptions } from '@triage/healthimaging';
import type { LocalPipelineRunnerOptions } from '@triage/pipeline';
import type { Logger } from '@triage/platform';

/** What only the local implementations need: where the data directory is, and the process's own parts. */
export interface LocalBackendOptions {
  /** The data directory (default TRIAGE_DATA_DIR). */
  dataDir?: string;
  /** The configured findings (the catalog refuses others). */
  findings?: readonly string[];
  logger?: Logger;
  /** Codec workers for the embedded HealthImaging's transcoding (without: on the calling thread). */
  codecPool?: CodecPool;
  /** How the embedded HealthImaging transcodes (default: behind the acknowledgement, originals dropped once checked). */
  transcoding?: Pick<LocalHealthImagingOptions, 'transcode' | 'keepOriginals' | 'verifyTranscodes'>;
  /** Folders import jobs may read from and write to. */
  importRoots?: string[];
  /** Called after every committed catalog change (the API's live worklist updates). */
  onCatalogChanged?: (change: CatalogChange) => void;
  /** More runner options (concurrency, images, passEnv). */
  runner?: Omit<LocalPipelineRunnerOptions, 'dataDir' | 'registry' | 'outbox'>;
}
