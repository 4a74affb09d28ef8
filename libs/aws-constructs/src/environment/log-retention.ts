import { aws_logs as logs } from 'aws-cdk-lib';

const ALLOWED = new Set<number>(Object.values(logs.RetentionDays).filter((value): value is number => typeof value === 'number'));

/** The environment's `logRetentionDays` as CloudWatch Logs' retention (a value CloudWatch accepts, or it throws). */
export function logRetention(days: number): logs.RetentionDays {
  if (!ALLOWED.has(days)) throw new Error(`logRetentionDays ${days} is not a CloudWatch Logs retention (${[...ALLOWED].join(', ')})`);
  return days as logs.RetentionDays;
}
