import type { GetExpression, JoinExpression, JsonGetExpression, ValueJson } from './pipeline-definition-json';

/** `{ Get: path }`: a parameter, an execution variable or a step property, resolved at execution time. */
export function get(path: string): GetExpression {
  return { Get: path };
}

/** `{ 'Std:Join': ... }`: the values as strings, joined with `on`. */
export function join(on: string, values: ValueJson[]): JoinExpression {
  return { 'Std:Join': { On: on, Values: values } };
}

/** `{ 'Std:JsonGet': ... }`: the value at `path` in a step's property file. */
export function jsonGet(stepName: string, propertyFileName: string, path: string): JsonGetExpression {
  return { 'Std:JsonGet': { PropertyFile: get(`Steps.${stepName}.PropertyFiles.${propertyFileName}`), Path: path } };
}

/** SageMaker's execution variables (the `Execution.` namespace). */
export const ExecutionVariables = {
  pipelineExecutionId: get('Execution.PipelineExecutionId'),
  pipelineExecutionArn: get('Execution.PipelineExecutionArn'),
  pipelineName: get('Execution.PipelineName'),
  pipelineArn: get('Execution.PipelineArn'),
  startDateTime: get('Execution.StartDateTime'),
  currentDateTime: get('Execution.CurrentDateTime'),
} as const;

/** The names after `Execution.` that SageMaker resolves. */
export const EXECUTION_VARIABLE_NAMES: readonly string[] = Object.values(ExecutionVariables).map((e) => e.Get.slice('Execution.'.length));
