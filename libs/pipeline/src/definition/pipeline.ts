import type { PipelineExperimentConfigJson } from './pipeline-definition-json';
import type { ParameterDefinition } from './parameters';
import type { PipelineStep } from './step';

/** A pipeline as the TypeScript definition has it: `compilePipeline` turns it into SageMaker's JSON. */
export interface PipelineDefinition {
  /** The pipeline's name (CreatePipeline's PipelineName; not part of the definition JSON). */
  name: string;
  parameters: ParameterDefinition[];
  /** The top-level steps; a condition step carries its branches. */
  steps: PipelineStep[];
  metadata?: Record<string, string>;
  experimentConfig?: PipelineExperimentConfigJson;
}
