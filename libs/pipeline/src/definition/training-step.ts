import { get } from './expressions';
import type { GetExpression, MetricDefinitionJson, TrainingStepJson, ValueJson } from './pipeline-definition-json';
import { commonStepJson, type JobStepCommon, type PipelineStep } from './step';

export interface TrainingStepSpec extends JobStepCommon {
  imageUri: ValueJson<string>;
  roleArn: ValueJson<string>;
  instanceType: ValueJson<string>;
  instanceCount: ValueJson<number>;
  volumeSizeInGb: ValueJson<number>;
  /** Each channel is downloaded to /opt/ml/input/data/<name>. */
  channels: { name: string; source: ValueJson<string>; contentType?: string }[];
  /** Where SageMaker writes `<job>/output/model.tar.gz` (/opt/ml/model) and `<job>/output/output.tar.gz` (/opt/ml/output/data). */
  outputPath: ValueJson<string>;
  /** Strings, as SageMaker hands them to the container in hyperparameters.json. */
  hyperParameters: Record<string, ValueJson<string>>;
  maxRuntimeSeconds: ValueJson<number>;
  /** Synced with /opt/ml/checkpoints while the job runs. */
  checkpointS3Uri?: ValueJson<string>;
  metricDefinitions?: MetricDefinitionJson[];
}

/** A SageMaker Training job step (CreateTrainingJob's arguments). */
export class TrainingStep implements PipelineStep {
  constructor(
    readonly name: string,
    private readonly spec: TrainingStepSpec,
  ) {}

  /** The model.tar.gz of /opt/ml/model: `Steps.<Name>.ModelArtifacts.S3ModelArtifacts`. */
  get modelArtifacts(): GetExpression {
    return get(`Steps.${this.name}.ModelArtifacts.S3ModelArtifacts`);
  }

  /** The job's output prefix: `Steps.<Name>.OutputDataConfig.S3OutputPath`. */
  get outputPath(): GetExpression {
    return get(`Steps.${this.name}.OutputDataConfig.S3OutputPath`);
  }

  /** The training job's name: `Steps.<Name>.TrainingJobName`. */
  get jobName(): GetExpression {
    return get(`Steps.${this.name}.TrainingJobName`);
  }

  toJson(): TrainingStepJson {
    const s = this.spec;
    const algorithm: TrainingStepJson['Arguments']['AlgorithmSpecification'] = { TrainingImage: s.imageUri, TrainingInputMode: 'File' };
    if (s.metricDefinitions?.length) algorithm.MetricDefinitions = s.metricDefinitions.map((m) => ({ ...m }));
    const args: TrainingStepJson['Arguments'] = {
      AlgorithmSpecification: algorithm,
      OutputDataConfig: { S3OutputPath: s.outputPath },
      StoppingCondition: { MaxRuntimeInSeconds: s.maxRuntimeSeconds },
      ResourceConfig: { InstanceType: s.instanceType, InstanceCount: s.instanceCount, VolumeSizeInGB: s.volumeSizeInGb },
      RoleArn: s.roleArn,
      InputDataConfig: s.channels.map((channel) => {
        const json: TrainingStepJson['Arguments']['InputDataConfig'][number] = {
          ChannelName: channel.name,
          DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: channel.source, S3DataDistributionType: 'FullyReplicated' } },
        };
        if (channel.contentType) json.ContentType = channel.contentType;
        return json;
      }),
      HyperParameters: { ...s.hyperParameters },
    };
    if (s.checkpointS3Uri !== undefined) args.CheckpointConfig = { S3Uri: s.checkpointS3Uri, LocalPath: '/opt/ml/checkpoints' };
    const json = { ...commonStepJson(this.name, 'Training', s), Arguments: args } as TrainingStepJson;
    if (s.cache) json.CacheConfig = { ...s.cache };
    if (s.retryPolicies?.length) json.RetryPolicies = s.retryPolicies.map((p) => ({ ...p, ExceptionType: [...p.ExceptionType] }));
    return json;
  }
}
