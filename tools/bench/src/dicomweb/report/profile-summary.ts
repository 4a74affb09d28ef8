import * as fs from 'node:fs';
import * as path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Prints the functions with the most self time in each V8 CPU profile (`node --cpu-prof`) under `dir`:
 * the main thread and every worker write one, so codec workers show apart from the HTTP thread.
 */
export function printProfileSummary(dir: string, top = 12): void {
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.cpuprofile'))
        .sort()
    : [];
  if (files.length === 0) console.log(`no CPU profiles under ${dir} (the server must exit on SIGTERM to write them)`);
  for (const file of files) {
    const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
    const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
    const selfUs = new Map<string, number>();
    let totalUs = 0;
    profile.samples.forEach((id, i) => {
      const frame = byNode.get(id)?.callFrame;
      const delta = profile.timeDeltas[i] ?? 0;
      totalUs += delta;
      const where = frame?.url
        ? `${frame.url.replace(/^file:\/\/.*?\/(node_modules|apps|libs|tools)\//, '$1/')}:${frame.lineNumber + 1}`
        : '';
      const name = `${frame?.functionName || '(anonymous)'} ${where}`.trim();
      selfUs.set(name, (selfUs.get(name) ?? 0) + delta);
    });
    console.log(`\n${file}: ${(totalUs / 1e6).toFixed(1)} s sampled; self time by function`);
    for (const [name, us] of [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`  ${((100 * us) / totalUs).toFixed(1).padStart(5)}%  ${(us / 1e6).toFixed(2).padStart(6)} s  ${name}`);
    }
  }
}
