/** The loop's four Lambda functions (apps/lambdas/src/<name>/handler.ts). */
export const TRIAGE_FUNCTION_NAMES = ['pipeline-trigger', 'model-evaluation', 'model-registry', 'image-ingestion'] as const;
export type TriageFunctionName = (typeof TRIAGE_FUNCTION_NAMES)[number];
