import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { JobLog } from './sagemaker-step-shapes';
import { cloudWatchLogsSdk } from './cloudwatch-logs-sdk';

/** A job's log read from a byte offset: its size so far and the bytes from the offset on. */
export interface JobLogRead {
  size: number;
  chunks: Buffer[];
}

/**
 * Reads a SageMaker job's log from CloudWatch Logs. SageMaker writes one stream per instance,
 * `<job name>/algo-<n>-<epoch seconds>`, in the job kind's group. The log the port serves is their
 * events in stream-name order, then event order, each message as one line (`\n` ended), as UTF-8:
 * `offset` and `size` are byte positions in that text, so a follower that reads again from `size`
 * gets only what was written since (CloudWatch has no byte offsets: the pages before the offset are
 * read and skipped, and only the bytes after it are kept). Stable while the job runs on one
 * instance; with several, a stream earlier in name order may still grow, so follow a multi-instance
 * job's log only once it finished. A group or stream not there yet reads as empty.
 */
export async function readJobLog(client: CloudWatchLogsClient, log: JobLog, offset: number): Promise<JobLogRead> {
  const streams = await jobStreams(client, log);
  const chunks: Buffer[] = [];
  let size = 0;
  for (const logStreamName of streams) {
    let token: string | undefined;
    for (;;) {
      const page = await client.send(
        new (await cloudWatchLogsSdk()).GetLogEventsCommand({
          logGroupName: log.logGroupName,
          logStreamName,
          startFromHead: true,
          ...(token && { nextToken: token }),
        }),
      );
      for (const event of page.events ?? []) {
        const line = Buffer.from(`${(event.message ?? '').replace(/\n$/, '')}\n`, 'utf8');
        const start = size;
        size += line.length;
        if (size > offset) chunks.push(start >= offset ? line : line.subarray(offset - start));
      }
      // GetLogEvents answers the token it was given once there is nothing newer.
      if ((page.events ?? []).length === 0 || !page.nextForwardToken || page.nextForwardToken === token) break;
      token = page.nextForwardToken;
    }
  }
  return { size, chunks };
}

async function jobStreams(client: CloudWatchLogsClient, log: JobLog): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await client.send(
        new (await cloudWatchLogsSdk()).DescribeLogStreamsCommand({
          logGroupName: log.logGroupName,
          logStreamNamePrefix: `${log.jobName}/`,
          ...(token && { nextToken: token }),
        }),
      );
      for (const stream of page.logStreams ?? []) if (stream.logStreamName) names.push(stream.logStreamName);
      token = page.nextToken;
    } while (token);
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return [];
    throw error;
  }
  return names.sort();
}
