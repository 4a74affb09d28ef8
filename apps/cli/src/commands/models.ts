import type { Command } from 'commander';
import type { ApiOptions, ApiTarget } from '../client/api-target';
import { apiTarget, withApiOptions } from '../client/api-target';
import { apiRequest, expectOk } from '../client/http';
import { CliError } from '../support/cli-error';
import { formatTable } from '../support/table';

/** An actor as the registry records them. */
interface Actor {
  principal: string;
  role?: string;
  reason?: string;
}

interface Metric {
  value: number;
  ci95?: [number, number];
}

/** A version as GET /api/models/groups/{group}/versions/{version} answers it. */
interface ModelVersion {
  arn: string;
  groupName: string;
  version: number;
  status: string;
  approvalStatus: string;
  modelDataUrl: string;
  imageUri: string;
  description?: string;
  metrics: Record<string, Metric | string | undefined>;
  lineage: Record<string, string | undefined>;
  customerMetadata: Record<string, string>;
  createdAt: string;
  registeredBy: Actor;
  approvalDescription?: string;
  approvedBy?: Actor;
  promoted: boolean;
}

interface GroupSummary {
  name: string;
  versions: number;
  latestVersion?: number;
  promotedVersion?: number;
  createdAt: string;
  description?: string;
}

interface HistoryEntry {
  version: number;
  action: string;
  actor: Actor;
  at: string;
}

interface ServingPeriod {
  version: number;
  from: string;
  until?: string;
  promotedBy: Actor;
}

interface ListOptions extends ApiOptions {
  group?: string;
  status?: string;
  json?: boolean;
}

interface ChangeOptions extends ApiOptions {
  reason: string;
  json?: boolean;
}

interface HistoryOptions extends ApiOptions {
  serving?: boolean;
  json?: boolean;
}

const GROUP = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const VERSION_REF = /^(?:arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\d{12}:model-package\/)?([^/]+)\/([1-9][0-9]{0,8})$/;
const STATUSES = ['PendingManualApproval', 'Approved', 'Rejected'];
const METRICS = ['auc', 'accuracy', 'precision', 'recall', 'f1'];

/** GROUP/VERSION (or the version's ARN) as the API's path segments; a usage error otherwise. */
export function parseVersionRef(ref: string): { group: string; version: number } {
  const match = VERSION_REF.exec(ref);
  if (!match || !GROUP.test(match[1]))
    throw new CliError(
      `'${ref}' is not GROUP/VERSION (a model package group and a version number, e.g. chest-xray/3) or a model package ARN`,
      2,
    );
  return { group: match[1], version: Number(match[2]) };
}

function checkGroup(group: string, what = 'GROUP'): string {
  if (!GROUP.test(group)) throw new CliError(`${what}: '${group}' is not a model package group name (1-63 letters, digits and hyphens)`, 2);
  return group;
}

async function getJson<T>(what: string, target: ApiTarget, path: string, query?: URLSearchParams): Promise<T> {
  return JSON.parse(expectOk(what, await apiRequest(target, path, { query })).body.toString('utf8')) as T;
}

async function postJson<T>(what: string, target: ApiTarget, path: string, body: object): Promise<T> {
  const response = await apiRequest(target, path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return JSON.parse(expectOk(what, response).body.toString('utf8')) as T;
}

function print(json: boolean | undefined, value: unknown, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : human());
}

/** A metric as one cell: 0.912 (0.880-0.940). */
function metricCell(metric: ModelVersion['metrics'][string]): string {
  if (typeof metric !== 'object') return '';
  return `${metric.value.toFixed(3)}${metric.ci95 ? ` (${metric.ci95[0].toFixed(3)}-${metric.ci95[1].toFixed(3)})` : ''}`;
}

function actorCell(actor: Actor | undefined): string {
  return actor ? `${actor.principal}${actor.role ? ` (${actor.role})` : ''}` : '';
}

/** One version, field by field, for a person. */
function describeVersion(v: ModelVersion): string {
  const rows: [string, string][] = [
    ['Version', `${v.groupName}/${v.version}${v.promoted ? ' (promoted: scores new studies)' : ''}`],
    ['ARN', v.arn],
    ['Approval', v.approvalStatus],
    ...(v.approvedBy ? ([['Approval by', `${actorCell(v.approvedBy)}: ${v.approvalDescription ?? ''}`]] as [string, string][]) : []),
    ['Registered', `${v.createdAt} by ${actorCell(v.registeredBy)}`],
    ...(v.description ? ([['Description', v.description]] as [string, string][]) : []),
    ['Model data', v.modelDataUrl],
    ['Image', v.imageUri],
    ...METRICS.filter((m) => typeof v.metrics[m] === 'object').map((m): [string, string] => [m.toUpperCase(), metricCell(v.metrics[m])]),
    ...(['evaluationUri', 'reportUri'] as const)
      .filter((k) => typeof v.metrics[k] === 'string')
      .map((k): [string, string] => [k === 'evaluationUri' ? 'Evaluation' : 'Report', String(v.metrics[k])]),
    ...Object.entries(v.lineage)
      .filter(([, value]) => value !== undefined)
      .map(([k, value]): [string, string] => [`Lineage ${k}`, String(value)]),
    ...Object.entries(v.customerMetadata).map(([k, value]): [string, string] => [`Metadata ${k}`, value]),
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, value]) => `${`${k}:`.padEnd(width + 2)}${value}`).join('\n') + '\n';
}

/** `triage models list|show|approve|reject|promote|rollback|history`: the model registry through the running API. */
export function registerModels(program: Command): void {
  const models = program
    .command('models')
    .description('the model registry: versions, approval, promotion and rollback (data scientists approve; admins promote)');

  withApiOptions(
    models
      .command('list')
      .description("model package groups; with --group, that group's versions, newest first")
      .option('--group <group>', "list this group's versions")
      .option('--status <status>', `with --group: only versions of this approval status (${STATUSES.join(', ')})`)
      .option('--json', 'print the JSON the server returned'),
  ).action(async (options: ListOptions) => {
    const target = apiTarget(options);
    if (options.status !== undefined && !STATUSES.includes(options.status))
      throw new CliError(`--status: '${options.status}' is not one of ${STATUSES.join(', ')}`, 2);
    if (options.group === undefined) {
      if (options.status !== undefined) throw new CliError('--status needs --group', 2);
      const { groups } = await getJson<{ groups: GroupSummary[] }>('models list', target, 'api/models/groups');
      print(options.json, groups, () =>
        formatTable(
          ['GROUP', 'VERSIONS', 'LATEST', 'PROMOTED', 'CREATED'],
          groups.map((g) => [g.name, String(g.versions), String(g.latestVersion ?? '-'), String(g.promotedVersion ?? '-'), g.createdAt]),
        ),
      );
      return;
    }
    const group = checkGroup(options.group, '--group');
    const query = new URLSearchParams(options.status ? { approvalStatus: options.status } : {});
    const { versions } = await getJson<{ versions: ModelVersion[] }>(
      `models list --group ${group}`,
      target,
      `api/models/groups/${group}/versions`,
      query,
    );
    print(options.json, versions, () =>
      formatTable(
        ['VERSION', 'APPROVAL', 'PROMOTED', 'AUC', 'ACCURACY', 'CREATED', 'REGISTERED BY'],
        versions.map((v) => [
          String(v.version),
          v.approvalStatus,
          v.promoted ? 'yes' : '',
          metricCell(v.metrics['auc']),
          metricCell(v.metrics['accuracy']),
          v.createdAt,
          v.registeredBy.principal,
        ]),
      ),
    );
  });

  withApiOptions(
    models
      .command('show')
      .description('one version: approval, metrics with their 95% intervals, lineage, whether it serves')
      .argument('<group/version>', 'e.g. chest-xray/3 (or the model package ARN)')
      .option('--json', 'print the JSON the server returned'),
  ).action(async (ref: string, options: ListOptions) => {
    const { group, version } = parseVersionRef(ref);
    const v = await getJson<ModelVersion>(
      `models show ${group}/${version}`,
      apiTarget(options),
      `api/models/groups/${group}/versions/${version}`,
    );
    print(options.json, v, () => describeVersion(v));
  });

  const change = (verb: 'approve' | 'reject' | 'promote', description: string, done: (v: ModelVersion) => string) =>
    withApiOptions(
      models
        .command(verb)
        .description(description)
        .argument('<group/version>', 'e.g. chest-xray/3 (or the model package ARN)')
        .requiredOption('--reason <text>', 'why (kept in the registry history with who and when)')
        .option('--json', 'print the JSON the server returned'),
    ).action(async (ref: string, options: ChangeOptions) => {
      const { group, version } = parseVersionRef(ref);
      const v = await postJson<ModelVersion>(
        `models ${verb} ${group}/${version}`,
        apiTarget(options),
        `api/models/groups/${group}/versions/${version}/${verb}`,
        {
          reason: options.reason,
        },
      );
      print(options.json, v, () => `${done(v)}\n`);
    });
  change('approve', 'set a version Approved (data scientists and admins)', (v) => `approved ${v.groupName}/${v.version}`);
  change(
    'reject',
    'set a version Rejected; the promoted version cannot be: roll back first',
    (v) => `rejected ${v.groupName}/${v.version}`,
  );
  change(
    'promote',
    'make an Approved version the one that scores new studies (admins)',
    (v) => `promoted ${v.groupName}/${v.version}: it scores new studies now`,
  );

  withApiOptions(
    models
      .command('rollback')
      .description('promote again the version that served before the current one (admins)')
      .argument('<group>', 'the model package group')
      .requiredOption('--reason <text>', 'why (kept in the registry history with who and when)')
      .option('--json', 'print the JSON the server returned'),
  ).action(async (group: string, options: ChangeOptions) => {
    checkGroup(group);
    const v = await postJson<ModelVersion>(`models rollback ${group}`, apiTarget(options), `api/models/groups/${group}/rollback`, {
      reason: options.reason,
    });
    print(options.json, v, () => `rolled back ${group}: ${v.groupName}/${v.version} scores new studies now\n`);
  });

  withApiOptions(
    models
      .command('history')
      .description("a group's history, oldest first: every registration, approval change, promotion and rollback, with who and why")
      .argument('<group>', 'the model package group')
      .option('--serving', 'which version served when, instead')
      .option('--json', 'print the JSON the server returned'),
  ).action(async (group: string, options: HistoryOptions) => {
    checkGroup(group);
    const target = apiTarget(options);
    if (options.serving) {
      const { serving } = await getJson<{ serving: ServingPeriod[] }>(
        `models history ${group}`,
        target,
        `api/models/groups/${group}/serving`,
      );
      print(options.json, serving, () =>
        formatTable(
          ['VERSION', 'FROM', 'UNTIL', 'BY', 'REASON'],
          serving.map((p) => [String(p.version), p.from, p.until ?? '(serving)', actorCell(p.promotedBy), p.promotedBy.reason ?? '']),
        ),
      );
      return;
    }
    const { history } = await getJson<{ history: HistoryEntry[] }>(`models history ${group}`, target, `api/models/groups/${group}/history`);
    print(options.json, history, () =>
      formatTable(
        ['AT', 'ACTION', 'VERSION', 'BY', 'REASON'],
        history.map((h) => [h.at, h.action, String(h.version), actorCell(h.actor), h.actor.reason ?? '']),
      ),
    );
  });
}
