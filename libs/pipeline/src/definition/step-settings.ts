import type { CacheConfigJson, RetryPolicyJson } from './pipeline-definition-json';

/** Step caching for `expireAfter` (an ISO 8601 duration such as `P30D`). */
export function cacheConfig(expireAfter: string): CacheConfigJson {
  if (!/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/.test(expireAfter)) {
    throw new Error(`cache expiry ${JSON.stringify(expireAfter)} is not an ISO 8601 duration`);
  }
  return { Enabled: true, ExpireAfter: expireAfter };
}

/** A retry policy; give `maxAttempts` or `expireAfterMin` (SageMaker takes one of them). */
export function retryPolicy(policy: {
  exceptionTypes: RetryPolicyJson['ExceptionType'];
  intervalSeconds: number;
  backoffRate: number;
  maxAttempts?: number;
  expireAfterMin?: number;
}): RetryPolicyJson {
  if ((policy.maxAttempts === undefined) === (policy.expireAfterMin === undefined)) {
    throw new Error('a retry policy takes exactly one of maxAttempts and expireAfterMin');
  }
  const json: RetryPolicyJson = {
    ExceptionType: [...policy.exceptionTypes],
    IntervalSeconds: policy.intervalSeconds,
    BackoffRate: policy.backoffRate,
  };
  if (policy.maxAttempts !== undefined) json.MaxAttempts = policy.maxAttempts;
  if (policy.expireAfterMin !== undefined) json.ExpireAfterMin = policy.expireAfterMin;
  return json;
}
