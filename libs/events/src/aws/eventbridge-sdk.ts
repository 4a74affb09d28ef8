let sdk: Promise<typeof import('@aws-sdk/client-eventbridge')> | undefined;

/** The EventBridge SDK, loaded on first use: it takes about half a second to load, and every local process imports this lib. */
export function eventBridgeSdk(): Promise<typeof import('@aws-sdk/client-eventbridge')> {
  return (sdk ??= import('@aws-sdk/client-eventbridge'));
}
