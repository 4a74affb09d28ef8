import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { multipartRelated } from '@triage/dicomweb';
import type { DicomwebTarget } from '../client/dicomweb-target';
import type { LoadResult, LoadShape } from '../measure/load';

/** The plain-JavaScript child that sends the timed requests, relative to the workspace root. */
const SCRIPT = 'tools/bench/src/dicomweb/load/load-generator.mjs';

/** Where a job's requests go: only what the child needs to reach the server (no pool, nothing else). */
interface JobTarget {
  origin: string;
  root: string;
  authorization: string;
}

/** What a timed STOW-RS run achieved. */
export interface StowResult extends LoadResult {
  stored: number;
  refused: number;
}

/** One step of a growing study as the child measured it: the reads sent while the study held `index`-th `step` instances. */
export interface GrowingStepResult {
  index: number;
  latencies: number[];
  headers: number[];
  failures: number;
  firstFailure?: string;
  /** The writer's time for this step's instances. */
  seconds: number;
  writes: number;
  writeFailures: number;
  /** Our server's event-loop delay over the step (from /metrics), when asked for and answered. */
  loop?: { p50Ms: number; p99Ms: number; maxMs: number };
}

/** What a growing-study run saw. */
export interface GrowingResult {
  steps: GrowingStepResult[];
  written: number;
  stored: number;
}

interface Reply {
  id?: number;
  ready?: boolean;
  result?: {
    latenciesMs: Float64Array;
    headersMs?: Float64Array;
    failures: number;
    firstFailure?: string;
    wallMs: number;
    stored?: number;
    refused?: number;
  } & Partial<GrowingResult>;
  error?: string;
}

/**
 * The timed loads' client: a separate Node process running a small .mjs file with one undici Pool per server,
 * so the benchmark's own heap (generated studies, manifests), tsx hooks and progress output cannot stall it.
 * It inherits the network namespace, so it reaches the servers on loopback when the benchmark runs under unshare -n.
 */
export class LoadGenerator {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (reply: Reply) => {
      const waiting = reply.id === undefined ? undefined : this.pending.get(reply.id);
      if (!waiting || reply.id === undefined) return;
      this.pending.delete(reply.id);
      if (reply.error !== undefined) waiting.reject(new Error(reply.error));
      else waiting.resolve(reply);
    });
    child.on('exit', (code, signal) => {
      for (const waiting of this.pending.values()) waiting.reject(new Error(`the load generator exited (${signal ?? code})`));
      this.pending.clear();
    });
  }

  /** Starts the child with `connections` connections per server and waits until it is ready for jobs. */
  static async start(root: string, connections: number): Promise<LoadGenerator> {
    const script = path.join(root, SCRIPT);
    if (!fs.existsSync(script)) throw new Error(`the load generator is not there: ${script}`);
    // No execArgv and no NODE_OPTIONS: the child must not load tsx or the @triage/source condition.
    const env = { ...process.env };
    delete env['NODE_OPTIONS'];
    const child = fork(script, [String(connections)], {
      execPath: process.execPath,
      execArgv: [],
      env,
      cwd: root,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', (m: Reply) => (m.ready ? resolve() : reject(new Error('the load generator did not start'))));
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the load generator exited with ${code} before it was ready`)));
    });
    return new LoadGenerator(child);
  }

  /** GETs `paths[i % paths.length]` for request numbers i from `firstRequest` on (warmup: from 0), reading every answer to the end. */
  async get(target: DicomwebTarget, accept: string, paths: string[], shape: LoadShape, firstRequest: number): Promise<LoadResult> {
    const reply = await this.send({ kind: 'get', target: jobTarget(target), accept, paths, shape, firstRequest });
    return loadResult(reply);
  }

  /**
   * STOW-RS of the Part 10 `files`, `batch` per request, from `concurrency` clients. The bodies are
   * read and framed here by the DICOMweb lib (the child is plain JavaScript) before the clock starts.
   */
  async stow(target: DicomwebTarget, files: string[], batch: number, concurrency: number): Promise<StowResult> {
    const bodies: { contentType: string; bytes: Buffer }[] = [];
    for (let from = 0; from < files.length; from += batch) {
      const { contentType, body } = multipartRelated(files.slice(from, from + batch).map((f) => fs.readFileSync(f)));
      bodies.push({ contentType, bytes: body });
    }
    const reply = await this.send({ kind: 'stow', target: jobTarget(target), bodies, instances: files.length, concurrency });
    return { ...loadResult(reply), stored: reply.result?.stored ?? 0, refused: reply.result?.refused ?? files.length };
  }

  /**
   * One writer STOWs the Part 10 `files` in order, one a request, while `readers` clients GET `framePaths[i]` of
   * instances already acknowledged, with `accept`; stops after `maxSeconds`. Reads are grouped by `step` instances;
   * with `eventLoop`, the server's /metrics is scraped at each step's end for its event-loop delay.
   */
  async growing(
    target: DicomwebTarget,
    files: string[],
    framePaths: string[],
    options: { accept: string; readers: number; step: number; maxSeconds: number; eventLoop: boolean },
  ): Promise<GrowingResult> {
    const reply = await this.send({ kind: 'growing', target: jobTarget(target), files, paths: framePaths, ...options });
    const r = reply.result;
    if (!r?.steps) throw new Error('the load generator answered without a result');
    return { steps: r.steps, written: r.written ?? 0, stored: r.stored ?? 0 };
  }

  /** Closes the child's pools and lets it exit; kills it if it has not gone in 5 s. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ kind: 'close' });
    const timer = setTimeout(() => this.child.kill(), 5000);
    await exited;
    clearTimeout(timer);
  }

  private send(job: Record<string, unknown>): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...job, id });
    });
  }
}

function jobTarget(target: DicomwebTarget): JobTarget {
  return { origin: target.origin, root: target.root, authorization: target.authorization };
}

function loadResult(reply: Reply): LoadResult {
  const r = reply.result;
  if (!r) throw new Error('the load generator answered without a result');
  return {
    latenciesMs: Array.from(r.latenciesMs),
    headersMs: r.headersMs ? Array.from(r.headersMs) : undefined,
    failures: r.failures,
    firstFailure: r.firstFailure,
    wallMs: r.wallMs,
  };
}
