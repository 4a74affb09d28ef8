import * as os from 'node:os';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startProcess, waitUntilReady, freePort } from './servers/server-process';
import { openPool } from './client/dicomweb-target';
import { stow, getOk } from './client/dicomweb-target';
import { cachedCtSeries } from './data/ct-series-cache';
import { percentile } from './measure/load';
import { stopProcess } from './servers/server-process';
async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-'));
  const port = await freePort();
  const proc = startProcess(process.execPath, ['--trace-gc', '--conditions=@triage/source', '--import', 'tsx', 'apps/api/src/main.ts'], { cwd: process.cwd(), env: { ...process.env, TRIAGE_PORT: String(port), TRIAGE_HOST: '127.0.0.1', TRIAGE_DATA_DIR: work + '/data', TRIAGE_ADMIN_TOKEN: 'x'.repeat(40), TRIAGE_SAMPLES: '0' }, logFile: work + '/api.log' });
  const pool = openPool(`http://127.0.0.1:${port}`, 8);
  await waitUntilReady(proc, 'api', 60, async () => { const r = await pool.request({ method: 'GET', path: '/healthz' }); await r.body.dump(); return r.statusCode === 200; });
  const ours = { process: proc, target: { name: 'ours', root: '/dicomweb', authorization: 'Bearer ' + 'x'.repeat(40), pool } };
  const ct = cachedCtSeries(path.join(os.tmpdir(), 'triage-bench-cache'), 'bench-dicomweb', 0, 600, () => {});
  for (let i = 0; i < 100; i += 10) await stow(ours.target, ct.files.slice(i, i + 10).map((f) => fs.readFileSync(f)));
  const accept = 'multipart/related; type="image/jph"; transfer-syntax=1.2.840.10008.1.2.4.202';
  for (const label of ['a', 'b']) {
    const lat: number[] = []; const slow: string[] = [];
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) {
      const s = performance.now();
      await getOk(ours.target, `/studies/${ct.studyInstanceUid}/series/${ct.seriesInstanceUid}/instances/${ct.sopInstanceUids[i % 100]}/frames/1`, accept);
      const d = performance.now() - s; lat.push(d); if (d > 15) slow.push(`${i}@${(s - t0).toFixed(0)}:${d.toFixed(0)}`);
    }
    console.log(label, 'p50', percentile(lat, 50).toFixed(2), 'p90', percentile(lat, 90).toFixed(2), 'p99', percentile(lat, 99).toFixed(2), 'max', Math.max(...lat).toFixed(1), 'slow', slow.length, slow.slice(0, 15).join(' '), 'load', os.loadavg()[0]);
  }
  await ours.target.pool.close(); await stopProcess(ours.process);
  console.log(work);
}
main();
