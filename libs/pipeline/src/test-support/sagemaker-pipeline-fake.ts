import { CloudWatchLogsClient, DescribeLogStreamsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreatePipelineCommand,
  DescribePipelineCommand,
  DescribePipelineDefinitionForExecutionCommand,
  DescribePipelineExecutionCommand,
  ListPipelineExecutionsCommand,
  ListPipelineExecutionStepsCommand,
  ListPipelineParametersForExecutionCommand,
  SageMakerClient,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
  UpdatePipelineCommand,
  type CreatePipelineCommandInput,
  type PipelineExecutionStep,
  type StartPipelineExecutionCommandInput,
  type UpdatePipelineCommandInput,
} from '@aws-sdk/client-sagemaker';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';

export const FAKE_REGION = 'eu-west-1';
export const FAKE_ACCOUNT = '123456789012';
const START = Date.parse('2026-12-05T09:00:00.000Z');

/** One execution as the fake keeps it; a spec moves it on with `setStatus` and `setSteps`. */
export interface FakeExecution {
  PipelineArn: string;
  PipelineExecutionArn: string;
  PipelineExecutionDisplayName?: string;
  PipelineExecutionDescription?: string;
  PipelineExecutionStatus: string;
  FailureReason?: string;
  CreationTime: Date;
  LastModifiedTime: Date;
  definition: string;
  parameters: { Name: string; Value: string }[];
  steps: PipelineExecutionStep[];
}

/** SageMaker Pipelines and CloudWatch Logs, faked behind aws-sdk-client-mock; `sagemaker` and `logs` record every command. */
export interface SageMakerPipelineFake {
  sagemakerClient: SageMakerClient;
  logsClient: CloudWatchLogsClient;
  sagemaker: AwsClientStub<SageMakerClient>;
  logs: AwsClientStub<CloudWatchLogsClient>;
  executions: Map<string, FakeExecution>;
  /** Moves an execution to a status (and failure reason). */
  setStatus(arn: string, status: string, failureReason?: string): void;
  /** What ListPipelineExecutionSteps answers for an execution from now on. */
  setSteps(arn: string, steps: PipelineExecutionStep[]): void;
  /** Appends events to a log stream (created when new) of a group. */
  putLogEvents(group: string, stream: string, messages: string[]): void;
  restore(): void;
}

function exception(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

/**
 * SageMaker Pipelines as SageMaker answers, with state: pipelines by name (ARNs with the name
 * lowercased; CreatePipeline needs a ClientRequestToken and is idempotent on it, an existing name is
 * a ValidationException; DescribePipeline of none is ResourceNotFound), executions with ids of 12
 * lowercase letters and digits, their parameters (the definition's defaults with the overrides; an
 * undeclared one is a ValidationException), the definition they ran, and steps a spec sets; pages of
 * at most `pageSize` (default 2). CloudWatch Logs: streams per group, DescribeLogStreams by prefix,
 * GetLogEvents from the head in pages of `pageSize` events, answering the token it was given once
 * there is nothing newer, as CloudWatch does.
 */
export function sageMakerPipelineFake(options: { pageSize?: number } = {}): SageMakerPipelineFake {
  const sagemaker = mockClient(SageMakerClient);
  const logs = mockClient(CloudWatchLogsClient);
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  const sagemakerClient = new SageMakerClient({ region: FAKE_REGION, credentials });
  const logsClient = new CloudWatchLogsClient({ region: FAKE_REGION, credentials });
  const pageSize = options.pageSize ?? 2;
  const pipelines = new Map<
    string,
    {
      PipelineArn: string;
      PipelineName: string;
      PipelineDefinition: string;
      RoleArn: string;
      token: string;
      CreationTime: Date;
      LastModifiedTime: Date;
    }
  >();
  const executions = new Map<string, FakeExecution>();
  const groups = new Map<string, Map<string, { timestamp: number; message: string }[]>>();
  let ticks = 0;
  let ids = 0;
  const tick = () => new Date(START + 1000 * ++ticks);
  const page = <T>(items: T[], token: string | undefined, max?: number) => {
    const start = token ? Number(token.slice(token.indexOf('/') + 1)) : 0;
    const end = start + Math.min(pageSize, max ?? pageSize);
    return { items: items.slice(start, end), next: end < items.length ? `page/${end}` : undefined };
  };
  const pipeline = (name: string | undefined) => {
    const found = name === undefined ? undefined : pipelines.get(name.toLowerCase());
    if (!found) throw exception('ResourceNotFound', `Pipeline '${name}' does not exist.`);
    return found;
  };
  const execution = (arn: string | undefined) => {
    const found = arn === undefined ? undefined : executions.get(arn);
    if (!found) throw exception('ResourceNotFound', `Pipeline execution '${arn}' does not exist.`);
    return found;
  };

  sagemaker.on(CreatePipelineCommand).callsFake((input: CreatePipelineCommandInput) => {
    if (!input.ClientRequestToken || input.ClientRequestToken.length < 32)
      throw exception('ValidationException', 'ClientRequestToken must be 32-128 characters');
    if (!input.PipelineName || !input.RoleArn || !input.PipelineDefinition)
      throw exception('ValidationException', 'PipelineName, RoleArn and PipelineDefinition are required');
    const existing = pipelines.get(input.PipelineName.toLowerCase());
    if (existing && existing.token === input.ClientRequestToken) return { PipelineArn: existing.PipelineArn };
    if (existing)
      throw exception(
        'ValidationException',
        `Pipeline names must be unique within an AWS account and region. Pipeline with name (${input.PipelineName}) already exists.`,
      );
    const at = tick();
    const created = {
      PipelineArn: `arn:aws:sagemaker:${FAKE_REGION}:${FAKE_ACCOUNT}:pipeline/${input.PipelineName.toLowerCase()}`,
      PipelineName: input.PipelineName,
      PipelineDefinition: input.PipelineDefinition,
      RoleArn: input.RoleArn,
      token: input.ClientRequestToken,
      CreationTime: at,
      LastModifiedTime: at,
    };
    pipelines.set(input.PipelineName.toLowerCase(), created);
    return { PipelineArn: created.PipelineArn };
  });

  sagemaker.on(DescribePipelineCommand).callsFake((input: { PipelineName?: string }) => {
    const { token: _token, ...described } = pipeline(input.PipelineName);
    return { ...described, PipelineStatus: 'Active' };
  });

  sagemaker.on(UpdatePipelineCommand).callsFake((input: UpdatePipelineCommandInput) => {
    const found = pipeline(input.PipelineName);
    if (input.PipelineDefinition !== undefined) found.PipelineDefinition = input.PipelineDefinition;
    if (input.RoleArn !== undefined) found.RoleArn = input.RoleArn;
    found.LastModifiedTime = tick();
    return { PipelineArn: found.PipelineArn };
  });

  sagemaker.on(StartPipelineExecutionCommand).callsFake((input: StartPipelineExecutionCommandInput) => {
    if (!input.ClientRequestToken || input.ClientRequestToken.length < 32)
      throw exception('ValidationException', 'ClientRequestToken must be 32-128 characters');
    const found = pipeline(input.PipelineName);
    const declared = (JSON.parse(found.PipelineDefinition) as { Parameters?: { Name: string; DefaultValue?: unknown }[] }).Parameters ?? [];
    const values = new Map(declared.map((p) => [p.Name, p.DefaultValue === undefined ? undefined : String(p.DefaultValue)] as const));
    for (const p of input.PipelineParameters ?? []) {
      if (!values.has(p.Name ?? '')) throw exception('ValidationException', `Parameter ${p.Name} is not defined in the pipeline`);
      values.set(p.Name ?? '', p.Value);
    }
    const id = `exec${String(++ids).padStart(8, '0')}`;
    const at = tick();
    const started: FakeExecution = {
      PipelineArn: found.PipelineArn,
      PipelineExecutionArn: `${found.PipelineArn}/execution/${id}`,
      ...(input.PipelineExecutionDisplayName !== undefined && { PipelineExecutionDisplayName: input.PipelineExecutionDisplayName }),
      ...(input.PipelineExecutionDescription !== undefined && { PipelineExecutionDescription: input.PipelineExecutionDescription }),
      PipelineExecutionStatus: 'Executing',
      CreationTime: at,
      LastModifiedTime: at,
      definition: found.PipelineDefinition,
      parameters: [...values].filter(([, v]) => v !== undefined).map(([Name, Value]) => ({ Name, Value: Value as string })),
      steps: [],
    };
    executions.set(started.PipelineExecutionArn, started);
    return { PipelineExecutionArn: started.PipelineExecutionArn };
  });

  sagemaker.on(DescribePipelineExecutionCommand).callsFake((input: { PipelineExecutionArn?: string }) => {
    const { definition: _d, parameters: _p, steps: _s, ...described } = execution(input.PipelineExecutionArn);
    return { ...described, CreatedBy: { IamIdentity: { Arn: `arn:aws:sts::${FAKE_ACCOUNT}:assumed-role/triage-api/task` } } };
  });

  sagemaker.on(DescribePipelineDefinitionForExecutionCommand).callsFake((input: { PipelineExecutionArn?: string }) => {
    const found = execution(input.PipelineExecutionArn);
    return { PipelineDefinition: found.definition, CreationTime: found.CreationTime };
  });

  sagemaker.on(ListPipelineParametersForExecutionCommand).callsFake((input: { PipelineExecutionArn?: string; NextToken?: string }) => {
    const { items, next } = page(execution(input.PipelineExecutionArn).parameters, input.NextToken);
    return { PipelineParameters: items, NextToken: next };
  });

  sagemaker
    .on(ListPipelineExecutionsCommand)
    .callsFake((input: { PipelineName?: string; SortOrder?: string; MaxResults?: number; NextToken?: string }) => {
      const found = pipeline(input.PipelineName);
      const all = [...executions.values()].filter((e) => e.PipelineArn === found.PipelineArn);
      if (input.SortOrder !== 'Ascending') all.reverse();
      const { items, next } = page(all, input.NextToken, input.MaxResults);
      return {
        PipelineExecutionSummaries: items.map((e) => ({
          PipelineExecutionArn: e.PipelineExecutionArn,
          StartTime: e.CreationTime,
          PipelineExecutionStatus: e.PipelineExecutionStatus,
          PipelineExecutionDisplayName: e.PipelineExecutionDisplayName,
        })),
        NextToken: next,
      };
    });

  sagemaker
    .on(ListPipelineExecutionStepsCommand)
    .callsFake((input: { PipelineExecutionArn?: string; SortOrder?: string; NextToken?: string }) => {
      // SageMaker's default order is newest first.
      const steps = [...execution(input.PipelineExecutionArn).steps];
      if (input.SortOrder !== 'Ascending') steps.reverse();
      const { items, next } = page(steps, input.NextToken);
      return { PipelineExecutionSteps: structuredClone(items), NextToken: next };
    });

  sagemaker.on(StopPipelineExecutionCommand).callsFake((input: { PipelineExecutionArn?: string; ClientRequestToken?: string }) => {
    const found = execution(input.PipelineExecutionArn);
    if (found.PipelineExecutionStatus !== 'Executing')
      throw exception('ValidationException', `Pipeline execution with status ${found.PipelineExecutionStatus} cannot be stopped`);
    found.PipelineExecutionStatus = 'Stopping';
    found.LastModifiedTime = tick();
    return { PipelineExecutionArn: found.PipelineExecutionArn };
  });

  logs.on(DescribeLogStreamsCommand).callsFake((input: { logGroupName?: string; logStreamNamePrefix?: string; nextToken?: string }) => {
    const streams = groups.get(input.logGroupName ?? '');
    if (!streams) throw exception('ResourceNotFoundException', 'The specified log group does not exist.');
    const names = [...streams.keys()].filter((n) => n.startsWith(input.logStreamNamePrefix ?? '')).sort();
    const { items, next } = page(names, input.nextToken);
    return { logStreams: items.map((logStreamName) => ({ logStreamName })), nextToken: next };
  });

  logs
    .on(GetLogEventsCommand)
    .callsFake((input: { logGroupName?: string; logStreamName?: string; nextToken?: string; startFromHead?: boolean }) => {
      const events = groups.get(input.logGroupName ?? '')?.get(input.logStreamName ?? '');
      if (!events) throw exception('ResourceNotFoundException', 'The specified log stream does not exist.');
      if (!input.startFromHead) throw exception('ValidationException', 'the fake reads from the head only');
      const start = input.nextToken ? Number(input.nextToken.slice(2)) : 0;
      const items = events.slice(start, start + pageSize);
      const end = start + items.length;
      return {
        events: items.map((e) => ({ ...e, ingestionTime: e.timestamp })),
        nextForwardToken: items.length === 0 && input.nextToken ? input.nextToken : `f/${end}`,
        nextBackwardToken: `b/${start}`,
      };
    });

  return {
    sagemakerClient,
    logsClient,
    sagemaker,
    logs,
    executions,
    setStatus: (arn, status, failureReason) => {
      const found = execution(arn);
      found.PipelineExecutionStatus = status;
      if (failureReason !== undefined) found.FailureReason = failureReason;
      found.LastModifiedTime = tick();
    },
    setSteps: (arn, steps) => {
      execution(arn).steps = structuredClone(steps);
    },
    putLogEvents: (group, stream, messages) => {
      const streams = groups.get(group) ?? new Map<string, { timestamp: number; message: string }[]>();
      groups.set(group, streams);
      const events = streams.get(stream) ?? [];
      streams.set(stream, events);
      for (const message of messages) events.push({ timestamp: tick().getTime(), message });
    },
    restore: () => {
      sagemaker.restore();
      logs.restore();
    },
  };
}
