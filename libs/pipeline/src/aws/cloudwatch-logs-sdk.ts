let sdk: Promise<typeof import('@aws-sdk/client-cloudwatch-logs')> | undefined;

/** The CloudWatch Logs SDK, loaded on first use: it takes about half a second to load, and local runs import this lib without it. */
export function cloudWatchLogsSdk(): Promise<typeof import('@aws-sdk/client-cloudwatch-logs')> {
  return (sdk ??= import('@aws-sdk/client-cloudwatch-logs'));
}
