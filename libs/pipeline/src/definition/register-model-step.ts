import type { ModelApprovalStatusJson, RegisterModelStepJson, RetryPolicyJson, ValueJson } from './pipeline-definition-json';
import { commonStepJson, type PipelineStep, type StepCommon } from './step';

export interface RegisterModelStepSpec extends StepCommon {
  modelPackageGroupName: ValueJson<string>;
  approvalStatus: ValueJson<ModelApprovalStatusJson>;
  modelPackageDescription?: ValueJson<string>;
  imageUri: ValueJson<string>;
  modelDataUrl: ValueJson<string>;
  contentTypes: string[];
  responseTypes: string[];
  realtimeInstanceTypes?: string[];
  transformInstanceTypes?: string[];
  /** The model-quality statistics (evaluation.json) the registry shows beside the version. */
  modelQualityStatistics?: { s3Uri: ValueJson<string>; contentType: string };
  customerMetadata?: Record<string, ValueJson<string>>;
  retryPolicies?: RetryPolicyJson[];
}

/** Registers a model package version in a model package group (CreateModelPackage's arguments). */
export class RegisterModelStep implements PipelineStep {
  constructor(
    readonly name: string,
    private readonly spec: RegisterModelStepSpec,
  ) {}

  toJson(): RegisterModelStepJson {
    const s = this.spec;
    const inference: RegisterModelStepJson['Arguments']['InferenceSpecification'] = {
      Containers: [{ Image: s.imageUri, ModelDataUrl: s.modelDataUrl }],
      SupportedContentTypes: [...s.contentTypes],
      SupportedResponseMIMETypes: [...s.responseTypes],
    };
    if (s.realtimeInstanceTypes) inference.SupportedRealtimeInferenceInstanceTypes = [...s.realtimeInstanceTypes];
    if (s.transformInstanceTypes) inference.SupportedTransformInstanceTypes = [...s.transformInstanceTypes];
    const args: RegisterModelStepJson['Arguments'] = {
      ModelPackageGroupName: s.modelPackageGroupName,
      ModelApprovalStatus: s.approvalStatus,
      InferenceSpecification: inference,
    };
    if (s.modelQualityStatistics) {
      args.ModelMetrics = {
        ModelQuality: { Statistics: { ContentType: s.modelQualityStatistics.contentType, S3Uri: s.modelQualityStatistics.s3Uri } },
      };
    }
    if (s.customerMetadata) args.CustomerMetadataProperties = { ...s.customerMetadata };
    if (s.modelPackageDescription !== undefined) args.ModelPackageDescription = s.modelPackageDescription;
    const json = { ...commonStepJson(this.name, 'RegisterModel', s), Arguments: args } as RegisterModelStepJson;
    if (s.retryPolicies?.length) json.RetryPolicies = s.retryPolicies.map((p) => ({ ...p, ExceptionType: [...p.ExceptionType] }));
    return json;
  }
}
