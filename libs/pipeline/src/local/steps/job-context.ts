import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StepProgress } from '../../progress/progress';
import type { Resolved } from '../expressions';
import { findImageCommand, type ImageCommand } from '../image-commands';
import type { LocalObjectStore } from '../local-object-store';
import { startStepProcess, type StepProcess } from '../step-process';

/** What a Processing or Training job attempt runs with. */
export interface JobContext {
  store: LocalObjectStore;
  /** The job's name (SageMaker: `pipelines-<execution id>-<step>`). */
  jobName: string;
  /** The step's /opt/ml (TRIAGE_ML_ROOT), emptied before each attempt. */
  mlRoot: string;
  logFile: string;
  images: readonly ImageCommand[];
  workspaceRoot: string;
  /** Variables of the runner's environment a step also gets (besides {@link BASE_ENVIRONMENT}). */
  passEnv: readonly string[];
  onProgress(progress: StepProgress): void;
  /** The started process (so that stop and close can kill it). */
  onProcess(process: StepProcess): void;
}

/** An attempt's outcome: the step's properties, or why it failed. */
export type JobResult = { ok: true; properties: Record<string, unknown> } | { ok: false; reason: string };

/**
 * What a step process gets of the runner's environment: the system's basics, Node's settings and the
 * machine's TensorFlow backend choice. A SageMaker container sees only its Environment; so a step here
 * never sees the API's secrets (its admin token) nor settings that would change its result unrecorded.
 */
export const BASE_ENVIRONMENT: readonly string[] = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ', 'NODE_*', 'TRIAGE_TF_BACKEND'];

/** The local path of a container path under /opt/ml (as apps/training's mlPath maps it). */
export function mlLocal(mlRoot: string, containerPath: string): string {
  if (containerPath !== '/opt/ml' && !containerPath.startsWith('/opt/ml/')) throw new Error(`${containerPath} is not under /opt/ml`);
  const relative = containerPath.slice('/opt/ml'.length);
  const local = path.join(mlRoot, relative);
  if (local !== mlRoot && !local.startsWith(mlRoot + path.sep)) throw new Error(`${containerPath} leaves /opt/ml`);
  return local;
}

/** Runs the image's local command with the verb and arguments under the step's /opt/ml; the failure reason as SageMaker gives it. */
export async function runImage(
  context: JobContext,
  image: string,
  verbAndArgs: string[],
  environment: Record<string, Resolved>,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const entry = findImageCommand(context.images, image);
  if (!entry) return { ok: false, reason: `no local command for the image ${image} (LocalPipelineRunner's images option)` };
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (
      BASE_ENVIRONMENT.some((name) => (name.endsWith('*') ? key.startsWith(name.slice(0, -1)) : key === name)) ||
      context.passEnv.includes(key)
    )
      env[key] = value;
  for (const [key, value] of Object.entries(environment)) env[key] = String(value);
  env['TRIAGE_ML_ROOT'] = context.mlRoot;
  const child = startStepProcess({
    argv: [...entry.command, ...verbAndArgs],
    cwd: entry.cwd ?? context.workspaceRoot,
    env,
    logFile: context.logFile,
    onProgress: context.onProgress,
    onStart: () => undefined,
  });
  context.onProcess(child);
  const exit = await child.exited;
  if (exit.code === 0) return { ok: true };
  const failureFile = mlLocal(context.mlRoot, '/opt/ml/output/failure');
  const written = fs.existsSync(failureFile) ? fs.readFileSync(failureFile, 'utf8').trim() : '';
  const how = exit.spawnError ?? (exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`);
  return { ok: false, reason: written || `${how}${exit.lastStderrLine ? `: ${exit.lastStderrLine}` : ''}` };
}

/** A resolved value as an object (arguments SageMaker requires to be objects). */
export function objectOf(value: Resolved | undefined): Record<string, Resolved> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

/** A resolved value as a list. */
export function listOf(value: Resolved | undefined): Resolved[] {
  return Array.isArray(value) ? value : [];
}
