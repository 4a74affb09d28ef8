// The benchmark's load generator, run as a child process of its own: plain JavaScript with nothing but undici,
// so no tsx hooks, generated data or progress output of the benchmark share its event loop and heap, and the
// latencies it measures are the servers' rather than the benchmark's own stalls. The parent sends one job at a
// time over IPC (advanced serialization) and gets back latencies and counts only.
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
async function drain(pool, target, path, accept) {
  const response = await pool.request({
    method: 'GET',
    path: `${target.root}${path}`,
    headers: { accept, authorization: target.authorization },
  });
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
async function runLoad(shape, firstRequest, request) {
  for (let i = 0; i < (shape.warmup ?? 0); i++) await request(i).catch(() => undefined);
  const latencies = new Float64Array(shape.maxRequests);
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
      try {
        await request(i);
        latencies[count++] = performance.now() - t0;
      } catch (error) {
        failures++;
        firstFailure ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: shape.concurrency }, client));
  return { latenciesMs: latencies.slice(0, count), failures, firstFailure, wallMs: performance.now() - start };
}

async function getJob(job) {
  const pool = poolFor(job.target.origin);
  return runLoad(job.shape, job.firstRequest, (i) => drain(pool, job.target, job.paths[i % job.paths.length], job.accept));
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

process.on('message', (job) => {
  if (job.kind === 'close') {
    void Promise.all([...pools.values()].map((p) => p.close())).finally(() => process.disconnect());
    return;
  }
  (job.kind === 'stow' ? stowJob(job) : getJob(job)).then(
    (result) => process.send({ id: job.id, result }),
    (error) => process.send({ id: job.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.send({ ready: true });
