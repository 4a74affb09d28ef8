let sdk: Promise<typeof import('@aws-sdk/client-sagemaker')> | undefined;

/** The SageMaker SDK, loaded on first use: it takes most of a second to load, and local runs import this lib without it. */
export function sagemakerSdk(): Promise<typeof import('@aws-sdk/client-sagemaker')> {
  return (sdk ??= import('@aws-sdk/client-sagemaker'));
}
