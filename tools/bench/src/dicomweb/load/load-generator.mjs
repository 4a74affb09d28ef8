// The benchmark's load generator, run as a child process of its own: plain JavaScript with nothing but undici,
// so no tsx hooks, generated data or progress output of the benchmark share its event loop and heap, and the
// latencies it measures are the servers' rather than the benchmark's own stalls. The parent sends one job at a
// time over IPC (advanced serialization) and gets back latencies and counts only.
import { readFileSync } from 'node:fs';
import { Pool } from 'undici';

const connections = Number(process.argv[2] ?? 8);
/** One pool per server origin, kept from job to job so connections stay warm as they did in one process. */
const pools = new Map();

// Same settings as openPool in client/dicomweb-target.ts (why: see there).
function poolFor(origin) {
  let pool = pools.get(origin);
  if (!pool) {
    pool = new Pool(origin, {
      connections,
      pipelining: 1,
      keepAliveTimeoutThreshold: 100,
      keepAliveMaxTimeout: 600_000,
      headersTimeout: 120_000,
      bodyTimeout: 120_000,
    });
    pools.set(origin, pool);
  }
  return pool;
}

// Reads the body to the end without keeping it, so the client's garbage collection stays out of the tail.
// `phases.headersMs` is set to the time until the answer's headers arrived (the rest of the latency is the body).
async function drain(pool, target, path, accept, phases) {
  const t0 = performance.now();
  const response = await pool.request({
    method: 'GET',
    path: `${target.root}${path}`,
    headers: { accept, authorization: target.authorization },
  });
  if (phases) phases.headersMs = performance.now() - t0;
  if (response.statusCode !== 200)
    throw new Error(`GET ${path}: HTTP ${response.statusCode} ${(await response.body.text()).slice(0, 300)}`);
  let bytes = 0;
  for await (const chunk of response.body) bytes += chunk.length;
  return bytes;
}

async function stow(pool, target, body) {
  const response = await pool.request({
    method: 'POST',
    path: `${target.root}/studies`,
    headers: { 'content-type': body.contentType, accept: 'application/dicom+json', authorization: target.authorization },
    body: body.bytes,
  });
  const text = await response.body.text();
  if (response.statusCode >= 300 && response.statusCode !== 409) throw new Error(`STOW: HTTP ${response.statusCode} ${text.slice(0, 300)}`);
  try {
    // Orthanc leaves FailedSOPSequence empty, so whatever is not referenced counts as refused.
    return JSON.parse(text)['00081199']?.Value?.length ?? 0;
  } catch {
    return 0;
  }
}

// Same loop as runLoad in measure/load.ts: each client sends its next request as soon as the previous is answered.
// `request(i, phases)` may set `phases.headersMs`, kept beside the latency (NaN where it does not).
async function runLoad(shape, firstRequest, request) {
  for (let i = 0; i < (shape.warmup ?? 0); i++) await request(i, {}).catch(() => undefined);
  const latencies = new Float64Array(shape.maxRequests);
  const headers = new Float64Array(shape.maxRequests);
  let count = 0;
  let failures = 0;
  let firstFailure;
  let next = firstRequest;
  const last = firstRequest + shape.maxRequests;
  const start = performance.now();
  const deadline = start + shape.maxSeconds * 1000;
  const client = async () => {
    while (next < last && performance.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      const phases = { headersMs: NaN };
      try {
        await request(i, phases);
        headers[count] = phases.headersMs;
        latencies[count++] = performance.now() - t0;
      } catch (error) {
        failures++;
        firstFailure ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: shape.concurrency }, client));
  return {
    latenciesMs: latencies.slice(0, count),
    headersMs: headers.slice(0, count),
    failures,
    firstFailure,
    wallMs: performance.now() - start,
  };
}

async function getJob(job) {
  const pool = poolFor(job.target.origin);
  return runLoad(job.shape, job.firstRequest, (i, phases) => drain(pool, job.target, job.paths[i % job.paths.length], job.accept, phases));
}

// The parent sends the multipart bodies ready made (framed by @triage/dicomweb): the timed part is the requests alone.
async function stowJob(job) {
  const pool = poolFor(job.target.origin);
  const bodies = job.bodies;
  let stored = 0;
  const result = await runLoad({ concurrency: job.concurrency, maxRequests: bodies.length, maxSeconds: 3600 }, 0, async (i) => {
    const body = bodies[i];
    bodies[i] = undefined;
    // Not `stored += await …`: that reads `stored` before the await and loses the other clients' counts.
    const referenced = await stow(pool, job.target, body);
    stored += referenced;
  });
  return { ...result, stored, refused: job.instances - stored };
}

// One instance per STOW-RS request, framed here (this file is plain JavaScript without the DICOMweb lib).
function multipartOf(file) {
  const boundary = `bench-growing-${Math.random().toString(16).slice(2)}`;
  const bytes = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
    readFileSync(file),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { contentType: `multipart/related; type="application/dicom"; boundary=${boundary}`, bytes };
}

// Our server's event-loop delay since the previous scrape (prom-client resets it on every scrape), in ms;
// undefined where /metrics does not answer or lacks the default metrics (Orthanc).
async function eventLoopDelay(pool, target) {
  try {
    const response = await pool.request({ method: 'GET', path: '/metrics', headers: { authorization: target.authorization } });
    const text = await response.body.text();
    if (response.statusCode !== 200) return undefined;
    const seconds = (name) => Number(new RegExp(`^triage_nodejs_eventloop_lag_${name}_seconds (\\S+)$`, 'm').exec(text)?.[1]);
    const delay = { p50Ms: seconds('p50') * 1000, p99Ms: seconds('p99') * 1000, maxMs: seconds('max') * 1000 };
    return Number.isNaN(delay.p99Ms) ? undefined : delay;
  } catch {
    return undefined;
  }
}

// A study read while it grows: one writer STOWs job.files in order (one instance a request) while job.readers
// clients GET frames (job.paths[i], frame path of file i) of instances already acknowledged. Every read is counted
// in the step (job.step instances) the study was in when the read was sent; a step's seconds are the writer's.
async function growingJob(job) {
  const pool = poolFor(job.target.origin);
  const steps = [];
  const stepOf = (n) => {
    const index = Math.floor(n / job.step);
    steps[index] ??= { index, latencies: [], headers: [], failures: 0, firstFailure: undefined, seconds: 0, writes: 0, writeFailures: 0 };
    return steps[index];
  };
  const readable = [];
  let written = 0;
  let writing = true;
  // With job.eventLoop, /metrics is scraped when the writer starts and at the end of every step.
  if (job.eventLoop) await eventLoopDelay(pool, job.target);
  let stepStart = performance.now();
  const deadline = performance.now() + job.maxSeconds * 1000;
  const writer = async () => {
    for (let i = 0; i < job.files.length && performance.now() < deadline; i++) {
      const step = stepOf(written);
      try {
        const stored = await stow(pool, job.target, multipartOf(job.files[i]));
        if (stored === 1) readable.push(i);
        else step.writeFailures++;
      } catch {
        step.writeFailures++;
      }
      step.writes++;
      written++;
      if (written % job.step === 0 || written === job.files.length) {
        const now = performance.now();
        step.seconds = (now - stepStart) / 1000;
        if (job.eventLoop) step.loop = await eventLoopDelay(pool, job.target);
        stepStart = performance.now();
      }
    }
    if (written % job.step !== 0 && written !== job.files.length) {
      const step = stepOf(written);
      step.seconds = (performance.now() - stepStart) / 1000;
      if (job.eventLoop) step.loop = await eventLoopDelay(pool, job.target);
    }
    writing = false;
  };
  let reads = 0;
  const reader = async () => {
    while (writing) {
      if (readable.length === 0) {
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      // Spread over every instance acknowledged so far, old and new alike.
      const i = readable[(reads++ * 7919) % readable.length];
      const step = stepOf(written);
      const phases = { headersMs: NaN };
      const t0 = performance.now();
      try {
        await drain(pool, job.target, job.paths[i], job.accept, phases);
        step.latencies.push(performance.now() - t0);
        step.headers.push(phases.headersMs);
      } catch (error) {
        step.failures++;
        step.firstFailure ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all([writer(), ...Array.from({ length: job.readers }, reader)]);
  return { steps: steps.filter((s) => s !== undefined && s.writes > 0), written, stored: readable.length };
}

const JOBS = { get: getJob, stow: stowJob, growing: growingJob };

process.on('message', (job) => {
  if (job.kind === 'close') {
    void Promise.all([...pools.values()].map((p) => p.close())).finally(() => process.disconnect());
    return;
  }
  JOBS[job.kind](job).then(
    (result) => process.send({ id: job.id, result }),
    (error) => process.send({ id: job.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.send({ ready: true });
