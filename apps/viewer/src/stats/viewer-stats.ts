/** What the browser tests and the benchmark read from `window.triageViewer` (milliseconds on performance.now()'s clock). */
export interface ViewerStats {
  studyOpenedAt?: number;
  firstImageAt?: number;
  firstImageLevel?: 'prefix' | 'full';
  firstFullImageAt?: number;
  allLoadedAt?: number;
  loadedSlices: number;
  totalSlices: number;
  /** 0-based index of the slice in view. */
  currentSlice: number;
  renderedFrames: number;
}

declare global {
  interface Window {
    triageViewer?: Readonly<ViewerStats>;
  }
}

/** The stats of the study open now; every open starts a fresh object so a reader never mixes two studies. */
let stats: ViewerStats = { loadedSlices: 0, totalSlices: 0, currentSlice: 0, renderedFrames: 0 };

function publish(): void {
  window.triageViewer = Object.freeze({ ...stats });
}

/** Starts the stats of a newly opened study (and the `triage:study-open` mark). */
export function statsStudyOpened(): void {
  performance.mark('triage:study-open');
  stats = { studyOpenedAt: performance.now(), loadedSlices: 0, totalSlices: 0, currentSlice: 0, renderedFrames: 0 };
  publish();
}

/** Updates counters (slices known, loaded, in view). */
export function statsUpdate(change: Partial<Pick<ViewerStats, 'loadedSlices' | 'totalSlices' | 'currentSlice'>>): void {
  Object.assign(stats, change);
  if (stats.allLoadedAt === undefined && stats.totalSlices > 0 && stats.loadedSlices >= stats.totalSlices) {
    performance.mark('triage:all-slices-loaded');
    stats.allLoadedAt = performance.now();
  }
  publish();
}

/** Counts a frame drawn; the first one (and the first at full resolution) get their marks. */
export function statsFrameRendered(full: boolean): void {
  stats.renderedFrames++;
  if (stats.firstImageAt === undefined) {
    performance.mark('triage:first-image');
    stats.firstImageAt = performance.now();
    stats.firstImageLevel = full ? 'full' : 'prefix';
  }
  if (full && stats.firstFullImageAt === undefined) {
    performance.mark('triage:first-full-image');
    stats.firstFullImageAt = performance.now();
  }
  publish();
}

publish();
