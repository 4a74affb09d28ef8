import { get, jsonGet } from './expressions';
import type { GetExpression, JsonGetExpression, ProcessingStepJson, ValueJson } from './pipeline-definition-json';
import type { PropertyFile } from './property-file';
import { commonStepJson, type JobStepCommon, type PipelineStep } from './step';

export interface ProcessingStepSpec extends JobStepCommon {
  imageUri: ValueJson<string>;
  entrypoint?: ValueJson<string>[];
  arguments?: ValueJson<string>[];
  roleArn: ValueJson<string>;
  instanceType: ValueJson<string>;
  instanceCount: ValueJson<number>;
  volumeSizeInGb: ValueJson<number>;
  /** Each downloaded from `source` (an S3 prefix or object) into `destination` under /opt/ml/processing. */
  inputs: { name: string; source: ValueJson<string>; destination: string }[];
  /** Each uploaded at the end of the job from `source` under /opt/ml/processing to `destination`. */
  outputs: { name: string; source: string; destination: ValueJson<string> }[];
  environment?: Record<string, ValueJson<string>>;
  maxRuntimeSeconds?: ValueJson<number>;
  propertyFiles?: PropertyFile[];
}

/** A SageMaker Processing job step (CreateProcessingJob's arguments). */
export class ProcessingStep implements PipelineStep {
  constructor(
    readonly name: string,
    private readonly spec: ProcessingStepSpec,
  ) {
    for (const file of spec.propertyFiles ?? []) {
      if (!spec.outputs.some((o) => o.name === file.outputName))
        throw new Error(`step ${name}: property file ${file.name} names no output ${file.outputName}`);
    }
  }

  /** The S3 URI an output was uploaded to: `Steps.<Name>.ProcessingOutputConfig.Outputs['<output>'].S3Output.S3Uri`. */
  output(outputName: string): GetExpression {
    if (!this.spec.outputs.some((o) => o.name === outputName)) throw new Error(`step ${this.name} has no output ${outputName}`);
    return get(`Steps.${this.name}.ProcessingOutputConfig.Outputs['${outputName}'].S3Output.S3Uri`);
  }

  /** A value read from one of this step's property files. */
  jsonGet(file: PropertyFile, path: string): JsonGetExpression {
    if (!this.spec.propertyFiles?.includes(file)) throw new Error(`step ${this.name} has no property file ${file.name}`);
    return jsonGet(this.name, file.name, path);
  }

  toJson(): ProcessingStepJson {
    const s = this.spec;
    const appSpecification: ProcessingStepJson['Arguments']['AppSpecification'] = { ImageUri: s.imageUri };
    if (s.entrypoint) appSpecification.ContainerEntrypoint = [...s.entrypoint];
    if (s.arguments) appSpecification.ContainerArguments = [...s.arguments];
    const args: ProcessingStepJson['Arguments'] = {
      ProcessingResources: {
        ClusterConfig: { InstanceType: s.instanceType, InstanceCount: s.instanceCount, VolumeSizeInGB: s.volumeSizeInGb },
      },
      AppSpecification: appSpecification,
      RoleArn: s.roleArn,
      ProcessingInputs: s.inputs.map((input) => ({
        InputName: input.name,
        S3Input: {
          S3Uri: input.source,
          LocalPath: input.destination,
          S3DataType: 'S3Prefix',
          S3InputMode: 'File',
          S3DataDistributionType: 'FullyReplicated',
          S3CompressionType: 'None',
        },
      })),
      ProcessingOutputConfig: {
        Outputs: s.outputs.map((output) => ({
          OutputName: output.name,
          S3Output: { S3Uri: output.destination, LocalPath: output.source, S3UploadMode: 'EndOfJob' },
        })),
      },
    };
    if (s.environment) args.Environment = { ...s.environment };
    if (s.maxRuntimeSeconds !== undefined) args.StoppingCondition = { MaxRuntimeInSeconds: s.maxRuntimeSeconds };
    const json = { ...commonStepJson(this.name, 'Processing', s), Arguments: args } as ProcessingStepJson;
    if (s.cache) json.CacheConfig = { ...s.cache };
    if (s.retryPolicies?.length) json.RetryPolicies = s.retryPolicies.map((p) => ({ ...p, ExceptionType: [...p.ExceptionType] }));
    if (s.propertyFiles?.length) json.PropertyFiles = s.propertyFiles.map((f) => f.toJson());
    return json;
  }
}
