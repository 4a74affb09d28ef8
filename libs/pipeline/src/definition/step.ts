import type { CacheConfigJson, RetryPolicyJson, StepJson } from './pipeline-definition-json';

/** What every step takes besides its arguments. */
export interface StepCommon {
  displayName?: string;
  description?: string;
  /** Steps that must finish first although no expression of this step reads them. */
  dependsOn?: string[];
}

/** What the job steps (processing, training) take besides their arguments. */
export interface JobStepCommon extends StepCommon {
  cache?: CacheConfigJson;
  retryPolicies?: RetryPolicyJson[];
}

/** A step of a pipeline definition. */
export interface PipelineStep {
  readonly name: string;
  /** The step as SageMaker's definition JSON has it. */
  toJson(): StepJson;
}

/** The fields every step's JSON shares, in SageMaker's order. */
export function commonStepJson(
  name: string,
  type: StepJson['Type'],
  common: StepCommon,
): { Name: string; Type: never } & Record<string, unknown> {
  const json: Record<string, unknown> = { Name: name, Type: type };
  if (common.displayName !== undefined) json['DisplayName'] = common.displayName;
  if (common.description !== undefined) json['Description'] = common.description;
  if (common.dependsOn?.length) json['DependsOn'] = [...common.dependsOn];
  return json as { Name: string; Type: never } & Record<string, unknown>;
}
