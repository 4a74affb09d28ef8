import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DicomwebClient } from '@triage/dicomweb';
import { numberedInstances } from '@triage/test-support';
import { isAlive } from './check/alive';
import { readBack, seriesInstances } from './check/read-back';
import { sendCStore } from './doors/cstore-door';
import { sendImport } from './doors/import-door';
import type { Door, DoorLimits, InstanceRef, Sent } from './doors/outcome';
import { sendStow } from './doors/stow-door';
import type { Mutant } from './mutate/mutant';
import { makeMutant, mutantFileName, recipe } from './mutate/mutant';
import { sibling } from './mutate/sibling';
import { loadCorpus } from './mutate/sources';
import { progress } from './report/progress';
import type { FuzzReport } from './report/tally';
import { countSent, emptyTally } from './report/tally';
import type { Target } from './server/api-server';
import { existingServer, peakResidentMiB, startOwnServer } from './server/api-server';

/** What to run. */
export interface FuzzOptions {
  seed: number;
  count: number;
  /** The first mutant index (default 0): `--start 240 --count 10000` goes on past a crash at 226. */
  start?: number;
  doors: Door[];
  /** Only these mutant indexes (each still the same bytes as in the full run). */
  only?: number[];
  /** A running server; else the fuzzer starts its own. */
  url?: string;
  token?: string;
  dimse?: { host: string; port: number; aeTitle: string };
  /** Failing mutants are written here with their recipes. */
  writeFailures?: string;
  /** Per request, in ms. */
  deadlineMs?: number;
  /** The C-STORE client (default `raw`, our own SCU). */
  cstoreClient?: 'raw' | 'storescu';
  /** Corpus files (default: the project's corpus). */
  corpus?: string[];
  /** Progress lines on stderr (default true). */
  quiet?: boolean;
}

// Mutants are sent in rounds: each round is split over the doors and checked before the next.
const ROUND = 30;
const STOW_PARTS = 5;
const CSTORE_FILES = 10;
const SYNTHETIC_ORIGINALS = 4;

/** Runs the fuzzer: originals stored and hashed, mutants through every door, every check; the report. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const say = options.quiet ? (message: string) => void message : progress;
  const limits: DoorLimits = { deadlineMs: options.deadlineMs ?? 30_000, cstoreClient: options.cstoreClient };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-fuzz-'));
  const report: FuzzReport = {
    seed: options.seed,
    doors: { stow: emptyTally(), cstore: emptyTally(), import: emptyTally() },
    crashes: 0,
    originals: 0,
    originalsChanged: 0,
    neighboursRead: 0,
    peakRssMiB: NaN,
    durationS: 0,
    failures: [],
  };
  const corpus = loadCorpus(options.corpus);
  let target: Target | undefined;
  try {
    target = options.url ? existingServer(options.url, options.token ?? '', work, options.dimse) : await startOwnServer(work);
    say(`server at ${target.url}${target.child ? ` (pid ${target.child.pid}, data under ${work})` : ''}`);
    const client = new DicomwebClient({ url: `${target.url}/dicomweb`, authorization: `Bearer ${target.token}` });

    const originals = await storeOriginals(client, corpus.originals, options.seed, limits);
    report.originals = originals.size;
    await storeSiblings(
      client,
      corpus.sources.map((s) => s.bytes),
      limits,
    );
    say(`${originals.size} originals stored and hashed; mutants from ${corpus.sources.length} corpus files`);

    const first = options.start ?? 0;
    const indexes = options.only ?? Array.from({ length: Math.max(0, options.count - first) }, (_, i) => first + i);
    for (let r = 0; r < indexes.length; r += ROUND) {
      const round = indexes.slice(r, r + ROUND).map((i) => makeMutant(options.seed, i, corpus.sources));
      const sent = await sendRound(target, client, round, options.doors, work, limits);
      countSent(report, sent);
      await checkAcked(client, sent, report, limits);
      // Read every round: after a crash /proc no longer has it.
      report.peakRssMiB = Math.max(Number.isNaN(report.peakRssMiB) ? 0 : report.peakRssMiB, peakResidentMiB(target)) || NaN;
      if (!(await isAlive(target, limits.deadlineMs))) {
        report.crashes++;
        report.failures.push({
          check: 'crash',
          detail: `the server is gone after mutants ${round.map((m) => m.index).join(',')}: ${lastLines(target.log())}`,
        });
        say('the server crashed: stopping');
        break;
      }
      const done = Math.min(indexes.length, r + ROUND);
      const acked = Object.values(report.doors).reduce((s, d) => s + d.acked, 0);
      say(`${done}/${indexes.length} mutants, ${acked} acknowledged, ${report.failures.length} failure(s)`);
    }

    if (report.crashes === 0) {
      for (const [sop, before] of originals) {
        const after = await readBack(client, before.ref, limits.deadlineMs);
        if (!after.ok || after.hash !== before.hash) {
          report.originalsChanged++;
          report.failures.push({
            check: 'original-changed',
            detail: `${before.name} (${sop}): ${after.ok ? 'metadata or frames differ' : after.problem}`,
          });
        }
      }
    }
    report.peakRssMiB = Math.max(Number.isNaN(report.peakRssMiB) ? 0 : report.peakRssMiB, peakResidentMiB(target)) || NaN;
  } finally {
    await target?.stop();
    if (options.writeFailures && report.failures.length > 0) writeFailures(options, corpus.sources, report);
    fs.rmSync(work, { recursive: true, force: true });
  }
  report.durationS = (performance.now() - started) / 1000;
  return report;
}

/** Sends one round: each mutant to door `doors[index % doors.length]`, in that door's batch size. */
async function sendRound(
  target: Target,
  client: DicomwebClient,
  round: Mutant[],
  doors: Door[],
  work: string,
  limits: DoorLimits,
): Promise<Sent[]> {
  const by = (door: Door) => round.filter((m) => doors[m.index % doors.length] === door);
  const sent: Sent[] = [];
  const stow = by('stow');
  for (let i = 0; i < stow.length; i += STOW_PARTS) sent.push(...(await sendStow(client, stow.slice(i, i + STOW_PARTS), limits)));
  const cstore = by('cstore');
  if (cstore.length > 0 && !target.dimse) throw new Error('C-STORE needs the SCP address: --dimse HOST:PORT[:AE]');
  for (let i = 0; i < cstore.length; i += CSTORE_FILES)
    sent.push(
      ...(await sendCStore(
        target.dimse as NonNullable<Target['dimse']>,
        cstore.slice(i, i + CSTORE_FILES),
        path.join(work, 'cstore'),
        limits,
      )),
    );
  const imports = by('import');
  if (imports.length > 0) sent.push(...(await sendImport(target, imports, path.join(work, `import-${imports[0]?.index}`), limits)));
  return sent;
}

/** Every acknowledged instance reads back; so does every other instance of its series, and its study's metadata. */
async function checkAcked(client: DicomwebClient, sent: Sent[], report: FuzzReport, limits: DoorLimits): Promise<void> {
  const series = new Map<string, { study: string; series: string; door: Door; recipe: string; sop: string }>();
  for (const s of sent) {
    if (s.outcome.kind !== 'acked') continue;
    const back = await readBack(client, s.outcome.instance, limits.deadlineMs);
    if (!back.ok) {
      report.doors[s.door].unreadable++;
      report.failures.push({
        check: 'unreadable-after-ack',
        door: s.door,
        recipe: recipe(s.mutant),
        detail: `${s.outcome.instance.sop}: ${back.problem}`,
      });
      continue;
    }
    series.set(`${back.study}/${back.series}`, {
      study: back.study,
      series: back.series,
      door: s.door,
      recipe: recipe(s.mutant),
      sop: s.outcome.instance.sop,
    });
  }
  for (const where of series.values()) {
    const broken: string[] = [];
    try {
      const sops = await seriesInstances(client, where.study, where.series, limits.deadlineMs);
      for (const sop of sops.filter((x) => x !== where.sop)) {
        const back = await readBack(client, { sop, study: where.study, series: where.series }, limits.deadlineMs);
        report.neighboursRead++;
        if (!back.ok) broken.push(`${sop}: ${back.problem}`);
      }
    } catch (error) {
      broken.push(`study or series metadata: ${(error as Error).message}`);
    }
    if (broken.length > 0) {
      report.doors[where.door].neighboursBroken++;
      report.failures.push({ check: 'neighbour-broken', door: where.door, recipe: where.recipe, detail: broken.join('; ') });
    }
  }
}

interface Original {
  name: string;
  ref: InstanceRef;
  hash: string;
}

/** Stores the held-out corpus files and a few synthetic instances, and hashes what reads back. */
async function storeOriginals(
  client: DicomwebClient,
  files: { name: string; bytes: Uint8Array }[],
  seed: number,
  limits: DoorLimits,
): Promise<Map<string, Original>> {
  const synthetic = [...numberedInstances({ count: SYNTHETIC_ORIGINALS, studies: 2, run: 900_000 + (seed % 1_000_000) })].map((i, n) => ({
    name: `synthetic ${n + 1}`,
    bytes: i.bytes,
  }));
  const all = [...files, ...synthetic];
  const answer = await client.store(
    all.map((f) => f.bytes),
    undefined,
    { signal: AbortSignal.timeout(limits.deadlineMs * 4) },
  );
  const originals = new Map<string, Original>();
  for (const accepted of answer.result.accepted) {
    const back = await readBack(client, { sop: accepted.sopInstanceUid }, limits.deadlineMs);
    if (!back.ok) continue;
    const name = all.find((f) => Buffer.from(f.bytes).includes(Buffer.from(accepted.sopInstanceUid)))?.name ?? accepted.sopInstanceUid;
    originals.set(accepted.sopInstanceUid, {
      name,
      ref: { sop: accepted.sopInstanceUid, study: back.study, series: back.series },
      hash: back.hash,
    });
  }
  return originals;
}

/** Stores a healthy sibling of every source file (same series, another SOP Instance UID): the neighbours mutants must not break. */
async function storeSiblings(client: DicomwebClient, sources: Uint8Array[], limits: DoorLimits): Promise<void> {
  const siblings = sources.flatMap((bytes) => sibling(bytes)?.bytes ?? []);
  for (let i = 0; i < siblings.length; i += 10)
    await client.store(siblings.slice(i, i + 10), undefined, { signal: AbortSignal.timeout(limits.deadlineMs * 4) });
}

/** Writes every mutant a failure names into the folder, with a `.txt` of its recipe and what failed. */
function writeFailures(options: FuzzOptions, sources: { name: string; bytes: Uint8Array }[], report: FuzzReport): void {
  const dir = options.writeFailures as string;
  fs.mkdirSync(dir, { recursive: true });
  for (const failure of report.failures) {
    const index = /#(\d+) /.exec(failure.recipe ?? '')?.[1];
    if (index === undefined) continue;
    const mutant = makeMutant(options.seed, Number(index), sources);
    const file = path.join(dir, `seed${options.seed}-${mutantFileName(mutant)}`);
    fs.writeFileSync(file, mutant.bytes);
    fs.appendFileSync(`${file}.txt`, `${recipe(mutant)}\n${failure.check} [${failure.door}]: ${failure.detail}\n`);
  }
}

/** The server's first error line and its last lines: what a crash report needs from its output. */
function lastLines(text: string): string {
  const lines = text.trim().split('\n');
  // A thrown error's own line (`TypeError: ...`), not a log line that mentions an error.
  const error = lines.find((l) => /^\s*(\w*Error|Uncaught|Unhandled)\b/.test(l));
  return [...(error ? [error] : []), ...lines.slice(-3)].join(' | ') || 'no output';
}
