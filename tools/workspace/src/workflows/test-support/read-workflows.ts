import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

/** A step of a job, as GitHub Actions reads it. */
export interface WorkflowStep {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
  if?: string;
}

/** A job: its own steps, or a call of a reusable workflow (`uses`). */
export interface WorkflowJob {
  'runs-on'?: string;
  'timeout-minutes'?: number;
  permissions?: Record<string, string> | string;
  environment?: string | { name: string };
  needs?: string | string[];
  if?: string;
  uses?: string;
  with?: Record<string, string | number | boolean>;
  steps?: WorkflowStep[];
}

/** A workflow file: its triggers (`on`), default permissions and jobs. */
export interface Workflow {
  name?: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string> | string;
  jobs: Record<string, WorkflowJob>;
}

/** A workflow with its file name and raw text (comments such as an action's version live only there). */
export interface WorkflowFile {
  file: string;
  text: string;
  workflow: Workflow;
}

/** The repository's .github folder. */
export const GITHUB_DIR = path.resolve(__dirname, '../../../../../.github');

/** Every workflow in .github/workflows, parsed (YAML 1.2, so the key `on` stays a string), by file name. */
export function readWorkflows(dir: string = path.join(GITHUB_DIR, 'workflows')): WorkflowFile[] {
  return fs
    .readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      return { file, text, workflow: parse(text) as Workflow };
    });
}

/** Each job of each workflow as `file/job`. */
export function allJobs(files: WorkflowFile[]): [string, WorkflowJob][] {
  return files.flatMap(({ file, workflow }) =>
    Object.entries(workflow.jobs).map(([id, job]): [string, WorkflowJob] => [`${file}/${id}`, job]),
  );
}
