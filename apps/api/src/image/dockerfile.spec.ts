import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Fastify from 'fastify';
import { Env } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { loadConfig } from '@triage/platform';
import { healthRoute } from '../plugins/health-route';
import { dockerfileStages, instructionText, lintDockerfile } from './test-support/dockerfile-rules';
import type { DockerfileRule } from './test-support/dockerfile-rules';
import { BUNDLE_SCRIPT, WORKSPACE_ROOT, layOutImage, runHealthcheck, startEntrypoint } from './test-support/image-layout';

// No Docker engine here (nor hadolint in Debian): the image is never built in the tests. They lint it with
// dockerfile-utils and hadolint's rules (test-support/dockerfile-rules.ts), check its configuration against the
// API's own config loader and health route, and run the bundle its build writes from the same layout.
const dockerfile = fs.readFileSync(path.join(WORKSPACE_ROOT, 'apps/api/Dockerfile'), 'utf8');
const trainingDockerfile = fs.readFileSync(path.join(WORKSPACE_ROOT, 'apps/training/Dockerfile'), 'utf8');
const stages = dockerfileStages(dockerfile);
const final = stages.at(-1)?.instructions ?? [];
const last = (keyword: string) => {
  const instruction = final.filter((i) => i.getKeyword() === keyword).at(-1);
  return instruction ? instructionText(instruction) : '';
};
const imageEnv: Record<string, string> = Object.fromEntries(
  final.flatMap((i) => (i instanceof Env ? i.getProperties().map((p) => [p.getName(), p.getValue() ?? '']) : [])),
);
const entrypoint = JSON.parse(last('ENTRYPOINT') || 'null') as string[];
const healthcheck = JSON.parse(/CMD\s+(\[.*\])\s*$/s.exec(last('HEALTHCHECK'))?.[1] ?? 'null') as string[];

/** Each rule and a change to the real Dockerfile that breaks it (and only it). */
const BROKEN: [DockerfileRule, (text: string) => string][] = [
  ['DL3000', (t) => t.replace('WORKDIR /opt/triage/api', 'WORKDIR opt/triage/api')],
  ['DL3002', (t) => t.replace('USER node', 'USER root')],
  ['DL3002', (t) => t.replace('USER node\n', '')],
  ['DL3004', (t) => t.replace('RUN mkdir -p', 'RUN sudo mkdir -p')],
  ['DL3006', (t) => t.replace('FROM ${NODE_BASE} AS deps', 'FROM node AS deps')],
  ['DL3007', (t) => t.replace('FROM ${NODE_BASE} AS deps', 'FROM node:latest AS deps')],
  ['DL3020', (t) => t.replace('COPY apps ./apps\nCOPY libs', 'ADD apps ./apps\nCOPY libs')],
  ['DL3022', (t) => t.replace('COPY --from=deps', 'COPY --from=dependencies')],
  ['DL3023', (t) => t.replace('FROM ${NODE_BASE}\n', 'FROM ${NODE_BASE} AS runtime\n').replace('--from=deps', '--from=runtime')],
  ['DL3024', (t) => t.replace('AS deps', 'AS build').replace('--from=deps', '--from=build')],
  ['DL3025', (t) => t.replace(/ENTRYPOINT \[.*\]/, 'ENTRYPOINT node /opt/triage/api/main.js')],
  ['DL3029', (t) => t.replace('FROM ${NODE_BASE} AS deps', 'FROM --platform=linux/amd64 ${NODE_BASE} AS deps')],
  ['DL3057', (t) => t.replace(/HEALTHCHECK [^]*?\n(?=ENTRYPOINT)/, '')],
  ['DL4000', (t) => t.replace('WORKDIR /opt/triage/api', 'MAINTAINER triage\nWORKDIR /opt/triage/api')],
  ['DL4004', (t) => `${t}ENTRYPOINT ["node"]\n`],
  ['NPM01', (t) => t.replace('RUN npm ci --no-audit', 'RUN npm install --no-audit')],
];

describe('the API image Dockerfile', () => {
  it('lints clean: dockerfile-utils (the VS Code Docker extension linter) and the hadolint rules', () => {
    expect(validate(dockerfile).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
    expect(lintDockerfile(dockerfile)).toEqual([]);
    expect(lintDockerfile(trainingDockerfile)).toEqual([]);
  });

  it.each(BROKEN)('the rules do object: %s', (rule, breakIt) => {
    const broken = breakIt(dockerfile);
    expect(broken).not.toBe(dockerfile);
    expect(lintDockerfile(broken).map((f) => f.rule)).toEqual([rule]);
  });

  it("is multi-stage on the training image's pinned base: built with every dependency, run with the API's production ones", () => {
    const trainingBase = dockerfileStages(trainingDockerfile)[0]?.image;
    expect(trainingBase).toMatch(/^node:20\.\d+-bookworm-slim$/);
    expect(stages.map((s) => [s.alias, s.image])).toEqual([
      ['build', trainingBase],
      ['deps', trainingBase],
      [undefined, trainingBase],
    ]);
    const runs = (alias: string) => (stages.find((s) => s.alias === alias)?.instructions ?? []).filter((i) => i.getKeyword() === 'RUN');
    expect(runs('deps').map((i) => i.getArgumentsContent())).toEqual([
      expect.stringContaining('npm ci --omit=dev --workspace=@triage/api'),
    ]);
    expect(final.filter((i) => i.getKeyword() === 'COPY').map(instructionText)).toEqual([
      '--from=build /opt/triage/api ./',
      '--from=deps /src/node_modules ./node_modules',
    ]);
  });

  it('builds from a context without installs, builds, git history, local data or credentials (.dockerignore)', () => {
    const ignored = fs
      .readFileSync(path.join(WORKSPACE_ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '**/out-tsc', '.git', 'data', 'tmp', '.env', '.env.*']));
  });

  it('sets a configuration the API accepts: all interfaces on the EXPOSEd port, the AWS backend, a data folder, no samples', () => {
    expect(imageEnv['TRIAGE_BACKEND']).toBe('aws');
    const config = loadConfig(imageEnv, '/');
    expect([config.host, config.port, config.dataDir, config.samples]).toEqual(['0.0.0.0', 8080, '/var/lib/triage', false]);
    expect(last('EXPOSE')).toBe(String(config.port));
    expect(last('USER')).toBe('node');
    expect(dockerfile).toContain(`chown node:node ${config.dataDir}`);
  });

  it("starts the bundle its build writes, and its HEALTHCHECK passes against the API's /healthz and fails with nothing listening", async () => {
    expect(entrypoint).toEqual(['node', '/opt/triage/api/main.js']);
    expect(last('WORKDIR')).toBe('/opt/triage/api');
    expect(dockerfile).toContain(`node ${BUNDLE_SCRIPT} /opt/triage/api`);

    const app = Fastify();
    await app.register(healthRoute);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    expect(await runHealthcheck(healthcheck, { TRIAGE_PORT: String(port) })).toBe(0);
    await app.close();
    expect(await runHealthcheck(healthcheck, { TRIAGE_PORT: String(port) })).toBe(1);
  });
});

describe('the image layout (bundle-image.mjs)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-image-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes main.js with the codec and scoring workers beside it; the ENTRYPOINT starts it, answering the HEALTHCHECK, and SIGTERM stops it', async () => {
    const opt = path.join(dir, 'opt');
    await layOutImage(opt);
    expect(fs.readdirSync(opt).filter((f) => f.endsWith('.js'))).toEqual(['codec-worker.js', 'main.js', 'scoring-worker.js']);

    // The image's ENV with the local backend (no AWS here), a data folder of its own and free ports.
    const env = { ...imageEnv, TRIAGE_BACKEND: 'local', TRIAGE_HOST: '127.0.0.1', TRIAGE_PORT: '0', TRIAGE_DICOM_PORT: '0' };
    const server = await startEntrypoint(
      entrypoint.map((arg) => arg.replace('/opt/triage/api', opt)),
      { ...env, TRIAGE_DATA_DIR: path.join(dir, 'data') },
    );
    const port = new URL(server.url).port;
    expect(await runHealthcheck(healthcheck, { TRIAGE_PORT: port })).toBe(0);
    expect(await server.stop()).toBe(0);
  }, 120_000);
});
