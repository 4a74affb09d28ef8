// Runs the aws-cdk CLI in apps/cdk for one environment, with telemetry off (notices are off in cdk.json):
//   node scripts/run-cdk.mjs synth|deploy|diff [--env=dev|staging|prod] [--stacks=triage-prod-api,...] [other cdk flags]
// --env selects the environment (the app builds only its stacks; synth without it builds all three). --stacks deploys
// (or diffs) only the named stacks, with --exclusively so a release manager ships one app without its dependencies.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const cdkDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [action, ...rest] = process.argv.slice(2);
if (!['synth', 'deploy', 'diff', 'destroy', 'list'].includes(action)) {
  console.error(`usage: run-cdk.mjs synth|deploy|diff|destroy|list [--env=dev|staging|prod] [--stacks=a,b] [cdk flags]`);
  process.exit(2);
}
let env;
let stacks = [];
const passThrough = [];
for (const arg of rest) {
  if (arg.startsWith('--env=')) env = arg.slice('--env='.length);
  else if (arg.startsWith('--stacks=')) stacks = arg.slice('--stacks='.length).split(',').filter(Boolean);
  else passThrough.push(arg);
}
if ((action === 'deploy' || action === 'destroy') && !env) {
  console.error(`${action} needs --env=dev|staging|prod (or --configuration=<env> through nx)`);
  process.exit(2);
}
const args = [action];
if (env) args.push('-c', `env=${env}`);
if (stacks.length > 0) args.push(...stacks, ...(action === 'synth' || action === 'list' ? [] : ['--exclusively']));
else if (action !== 'synth' && action !== 'list') args.push('--all');
if (action === 'synth' && !passThrough.includes('--quiet')) args.push('--quiet');
args.push(...passThrough);
const cli = require.resolve('aws-cdk/bin/cdk');
console.log(`cdk ${args.join(' ')}`);
const result = spawnSync(process.execPath, [cli, ...args], {
  cwd: cdkDir,
  stdio: 'inherit',
  env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
});
process.exit(result.status ?? 1);
