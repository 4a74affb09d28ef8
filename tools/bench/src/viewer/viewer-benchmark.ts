import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchChromium, workspaceRoot } from '@triage/test-support';
import type { Benchmark } from '../registry/benchmark';
import { cachedCtSeries } from '../dicomweb/data/ct-series-cache';
import { ingest } from '../dicomweb/measure/ingest';
import { inLoopbackNamespace } from '../dicomweb/servers/network-namespace';
import { startOrthanc, type RunningOrthanc } from '../dicomweb/servers/orthanc-server';
import { peakResidentMiB, stopProcess } from '../dicomweb/servers/server-process';
import { startTriage, type RunningTriage } from '../dicomweb/servers/triage-server';
import { waitIdle } from '../dicomweb/servers/wait-idle';
import { ORTHANC_PREFIX, startBenchProxy, type BenchProxy, type ProxyMode } from './bench-proxy';
import { openStudyOnce, type BenchBrowser, type OpenFigures, type OpenStudies, type ScrollWhen } from './drive-viewer';
import { parseViewerOptions, VIEWER_USAGE, type ViewerOptions } from './viewer-options';
import { printViewerTable, type ModeFigures, type ViewerMode } from './viewer-table';

/** Seed of the generated CT: the same study for both servers and from run to run. */
const SEED = 'bench-viewer';

/** What a failed open contributes: nothing but its network counts (zero). */
const FAILED: OpenFigures = { frameRequests: NaN, frameBytes: NaN };

const started = performance.now();
function progress(message: string): void {
  process.stderr.write(`[viewer ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
}

/** The built viewer in headless Chromium, opening a generated CT from our API (progressive and not) and from Orthanc. */
export const viewerBenchmark: Benchmark = {
  name: 'viewer',
  description: `the real viewer in headless Chromium: first image, all slices, scrolling; ours against Orthanc (${VIEWER_USAGE})`,
  async run(args) {
    const options = parseViewerOptions(args);
    const exitCode = await inLoopbackNamespace();
    if (exitCode === undefined) return runInNamespace(options);
    if (exitCode !== 0) throw new Error(`the benchmark (run under unshare -n) exited with ${exitCode}`);
  },
};

async function runInNamespace(options: ViewerOptions): Promise<void> {
  const root = workspaceRoot();
  const dist = builtViewer(root, options.viewerDist);
  const ct = cachedCtSeries(
    options.cacheDir,
    SEED,
    0,
    options.slices,
    (n) => n % 50 === 0 && progress(`CT: ${n}/${options.slices} slices generated`),
  );
  // Another study (the generator makes 50 slices at least), opened first in every page: the measured open then finds the viewer started, as a clinician does.
  const warmUp = cachedCtSeries(options.cacheDir, SEED, 1, 50, () => undefined);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-bench-viewer-'));
  let ours: RunningTriage | undefined;
  let orthanc: RunningOrthanc | undefined;
  let proxy: BenchProxy | undefined;
  let browser: BenchBrowser | undefined;
  try {
    ours = await startTriage(root, path.join(work, 'ours'), options.api, 4);
    progress(`ours: ${ours.version}, pid ${ours.process.child.pid}, log ${ours.process.logFile}`);
    if (options.modes.orthanc) {
      orthanc = await startOrthanc(path.join(work, 'orthanc'), 4);
      progress(`Orthanc: ${orthanc.version}, pid ${orthanc.process.child.pid}`);
    }
    // Our API serves the worklist in every mode (the viewer's pages are ours); Orthanc needs the studies for its DICOMweb.
    for (const target of [ours.target, ...(orthanc ? [orthanc.target] : [])]) {
      await ingest(target, `${options.slices}-slice CT`, ct.files.length, { batch: 10, concurrency: 4 }, (i) =>
        fs.readFileSync(ct.files[i]),
      );
      await ingest(target, 'warm-up study', warmUp.files.length, { batch: 10, concurrency: 1 }, (i) => fs.readFileSync(warmUp.files[i]));
    }
    const studies = await worklistStudies(ours.target.origin, ours.target.authorization, ct.studyInstanceUid, warmUp.studyInstanceUid);
    const pids = [ours, orthanc].flatMap((s) => (s?.process.child.pid === undefined ? [] : [s.process.child.pid]));
    await waitIdle(pids, 60);

    const token = ours.target.authorization.replace(/^Bearer /, '');
    const modes = new Map<ViewerMode, ProxyMode>();
    if (options.modes.progressive) modes.set('ours, progressive', { dicomwebRoot: '/dicomweb', progressive: true });
    if (options.modes.full) modes.set('ours, full frames', { dicomwebRoot: '/dicomweb', progressive: false });
    // Orthanc serves no ranges: the viewer fetches its frames whole.
    if (orthanc) modes.set('Orthanc', { dicomwebRoot: ORTHANC_PREFIX, progressive: false });
    proxy = await startBenchProxy(
      {
        viewerDist: dist,
        api: ours.target.origin,
        orthanc: orthanc && { origin: orthanc.target.origin, authorization: orthanc.target.authorization },
      },
      [...modes.values()][0],
    );
    browser = await launchChromium();
    progress(`Chromium ${browser.version()} headless; the viewer from ${dist} through ${proxy.origin}`);

    const failures = new Map<ViewerMode, number>();
    const figures: ModeFigures = new Map([...modes.keys()].map((m) => [m, { afterLoad: [], whileLoading: [] }]));
    const order = [...modes.keys()];
    // One open per mode first, not counted: servers fill their caches, the browser compiles the codecs.
    for (const [i, run] of [0, ...Array.from({ length: options.runs }, (_, r) => r + 1)].entries()) {
      // Modes take turns, starting one later each run, so drift on a shared machine falls on all of them.
      for (const mode of order.map((_, k) => order[(k + i) % order.length])) {
        proxy.setMode(modes.get(mode) as ProxyMode);
        const open = async (when: ScrollWhen): Promise<OpenFigures | undefined> => {
          await waitIdle(pids);
          try {
            return await openStudyOnce(
              browser as BenchBrowser,
              (proxy as BenchProxy).origin,
              token,
              options.scrollMs,
              when,
              studies,
              options.rendering,
            );
          } catch (error) {
            // One open that never drew is a figure too (counted as failed), not the end of the run.
            progress(`${mode}: an open (${when}) FAILED: ${(error as Error).message}`);
            failures.set(mode, (failures.get(mode) ?? 0) + (run === 0 ? 0 : 1));
            return undefined;
          }
        };
        const afterLoad = (await open('after-load')) ?? FAILED;
        const whileLoading = (await open('while-loading')) ?? FAILED;
        progress(
          `${run === 0 ? 'warm-up' : `run ${run}/${options.runs}`} ${mode}: cold first image ${ms(afterLoad.coldFirstImage)}, first image ${ms(afterLoad.firstImage)} (${afterLoad.firstImageLevel ?? '?'}), ` +
            `full ${ms(afterLoad.firstFullImage)}, all ${ms(afterLoad.allLoaded)}, ${afterLoad.scrollFps?.toFixed(0) ?? '?'} fps after load, ` +
            `${whileLoading.scrollFps?.toFixed(0) ?? '?'} fps while loading${whileLoading.loadedBeforeScrollEnd ? ' (loading ended inside the window)' : ''}; ` +
            `steps ${Object.entries(afterLoad.steps ?? {})
              .map(([name, at]) => `${name} ${at}`)
              .join(', ')}`,
        );
        if (run === 0) continue;
        const entry = figures.get(mode);
        entry?.afterLoad.push(afterLoad);
        entry?.whileLoading.push(whileLoading);
      }
    }

    const prefixFirsts = figures.get('ours, progressive')?.afterLoad.filter((f) => f.firstImageLevel === 'prefix').length;
    console.log(
      `\nviewer benchmark: ${options.slices}-slice 512x512 16-bit CT, ${options.runs} opens per mode (after one warm-up), ` +
        `scroll windows of ${options.scrollMs} ms; rendering ${options.rendering}; load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}\n`,
    );
    printViewerTable(figures, options.slices, [
      ...[...failures].map(([mode, n]) => `${mode}: ${n} open(s) FAILED (left out of the figures; the progress lines say why)`),
      ...(prefixFirsts === undefined ? [] : [`progressive: the first image was a prefix in ${prefixFirsts} of ${options.runs} opens`]),
      `peak resident memory (VmHWM): our API ${peakResidentMiB(ours.process.child.pid).toFixed(0)} MiB` +
        (orthanc ? `, Orthanc ${peakResidentMiB(orthanc.process.child.pid).toFixed(0)} MiB` : ''),
      `ms from the viewer's triage:study-open mark (the worklist click); series metadata from resource timing; ratios are ours / Orthanc on medians`,
    ]);
  } finally {
    await browser?.close().catch(() => undefined);
    await proxy?.close();
    for (const server of [ours, orthanc]) {
      await server?.target.pool.close().catch(() => undefined);
      if (server) await stopProcess(server.process);
    }
    if (options.keep) progress(`server data and logs kept in ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The image set ids of the two studies, from our worklist once its projection has them (it follows the store's events). */
async function worklistStudies(origin: string, authorization: string, measuredUid: string, warmUpUid: string): Promise<OpenStudies> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await fetch(`${origin}/api/worklist/search`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ limit: 100 }),
    });
    const page = (await response.json()) as { items?: { imageSetId: string; studyInstanceUid: string }[] };
    const find = (uid: string) => page.items?.find((item) => item.studyInstanceUid === uid)?.imageSetId;
    const [measured, warm] = [find(measuredUid), find(warmUpUid)];
    if (measured && warm) return { measured, warmUp: warm, measuredStudyUid: measuredUid };
    if (Date.now() > deadline) throw new Error(`the worklist did not show both studies within 60 s (HTTP ${response.status})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The viewer's dist folder, built with its own build script when it is not there yet. */
function builtViewer(root: string, given: string | undefined): string {
  const dist = given ?? path.join(root, 'apps/viewer/dist');
  if (fs.existsSync(path.join(dist, 'index.html'))) return dist;
  const script = path.join(root, 'apps/viewer/build.mjs');
  if (given || !fs.existsSync(script)) throw new Error(`no built viewer at ${dist} (and no ${script} to build it with)`);
  progress(`building the viewer: node ${path.relative(root, script)}`);
  execFileSync(process.execPath, [script], { cwd: root, stdio: ['ignore', 2, 2] });
  if (!fs.existsSync(path.join(dist, 'index.html'))) throw new Error(`node ${script} wrote no ${dist}/index.html`);
  return dist;
}

function ms(value: number | undefined): string {
  return value === undefined ? '?' : `${value.toFixed(0)} ms`;
}
