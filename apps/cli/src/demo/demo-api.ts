import type { PipelineExecution, PipelineExecutionStep } from '@triage/pipeline';
import type { ApiTarget } from '../client/api-target';
import { apiRequest, expectOk } from '../client/http';

/** A worklist row as far as the demo reads it. */
export interface DemoWorklistRow {
  imageSetId: string;
  studyInstanceUid: string;
  accessionNumber?: string;
  label?: { finding: string; verified: boolean; version: number };
  prediction?: { modelVersion: string; finding: string; priority: number; scores: Record<string, number> };
}

/** GET /api/pipelines/executions/{id}. */
export interface ExecutionWithSteps {
  execution: PipelineExecution;
  steps: PipelineExecutionStep[];
}

/** A metric with its 95 % interval, as the registry keeps it. */
export interface MetricValue {
  value: number;
  ci95?: [number, number];
}

/** A model version as GET /api/models/groups/{group}/versions answers it (the fields the demo reads). */
export interface DemoModelVersion {
  arn: string;
  groupName: string;
  version: number;
  approvalStatus: string;
  approvalDescription?: string;
  approvedBy?: { principal: string; role?: string; reason?: string };
  promoted: boolean;
  metrics: {
    accuracy?: MetricValue;
    auc?: MetricValue;
    precision?: MetricValue;
    recall?: MetricValue;
    f1?: MetricValue;
    evaluationUri?: string;
  };
  lineage: { pipelineExecutionArn?: string; datasetSnapshotHash?: string };
}

/** A GET whose answer is JSON; a problem detail becomes a CliError naming `what`. */
export async function getJson<T>(target: ApiTarget, what: string, path: string, query?: URLSearchParams): Promise<T> {
  return JSON.parse(expectOk(what, await apiRequest(target, path, { query })).body.toString('utf8')) as T;
}

/** A POST or PUT of a JSON body whose answer is JSON. */
export async function sendJson<T>(target: ApiTarget, what: string, method: 'POST' | 'PUT', path: string, body: unknown): Promise<T> {
  const response = await apiRequest(target, path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return JSON.parse(expectOk(what, response).body.toString('utf8')) as T;
}

/** Issues a token through the admin API (as `triage token create` does) and returns it. */
export async function issueToken(admin: ApiTarget, name: string, role: 'clinician' | 'data-scientist'): Promise<string> {
  return (await sendJson<{ token: string }>(admin, `issuing a ${role} token`, 'POST', 'admin/tokens', { name, role })).token;
}

/** Every synthetic DX row of the worklist in the server's order for `sort` (pages of 500). */
export async function synthesisedWorklist(clinician: ApiTarget, sort: 'priority' | 'updatedAt'): Promise<DemoWorklistRow[]> {
  const rows: DemoWorklistRow[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await sendJson<{ items: DemoWorklistRow[]; total: number }>(
      clinician,
      'reading the worklist',
      'POST',
      'api/worklist/search',
      {
        modality: 'DX',
        description: 'SYNTHETIC',
        sort,
        limit: 500,
        offset,
      },
    );
    rows.push(...page.items);
    if (offset + 500 >= page.total) return rows;
  }
}

/** The pipeline's executions, newest first. */
export async function listExecutions(admin: ApiTarget): Promise<PipelineExecution[]> {
  return (await getJson<{ executions: PipelineExecution[] }>(admin, 'listing pipeline executions', 'api/pipelines/executions')).executions;
}

/** One execution with its steps and their progress. */
export async function describeExecution(admin: ApiTarget, id: string): Promise<ExecutionWithSteps> {
  return getJson<ExecutionWithSteps>(admin, `reading execution ${id}`, `api/pipelines/executions/${encodeURIComponent(id)}`);
}

/** A group's versions, newest first (none while the group does not exist). */
export async function listVersions(admin: ApiTarget, group: string): Promise<DemoModelVersion[]> {
  const response = await apiRequest(admin, `api/models/groups/${encodeURIComponent(group)}/versions`);
  if (response.status === 404) return [];
  return (JSON.parse(expectOk(`listing the versions of ${group}`, response).body.toString('utf8')) as { versions: DemoModelVersion[] })
    .versions;
}

/** One version. */
export async function describeVersion(admin: ApiTarget, group: string, version: number): Promise<DemoModelVersion> {
  return getJson<DemoModelVersion>(
    admin,
    `reading ${group}/${version}`,
    `api/models/groups/${encodeURIComponent(group)}/versions/${version}`,
  );
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The id at the end of an execution ARN. */
export function executionId(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}
