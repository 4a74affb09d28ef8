import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { HandlerTools } from '@triage/mlops';

/** The metrics namespace every loop function writes to (CloudWatch EMF). */
export const METRICS_NAMESPACE = 'Triage';

/** One function's Powertools: structured logs, EMF metrics with the `service` dimension, X-Ray subsegments. */
export interface Powertools {
  logger: Logger;
  metrics: Metrics;
  tracer: Tracer;
}

/** Powertools for the function named `service` (its logs' `service`, its metrics' `service` dimension, its trace's name). */
export function powertoolsFor(service: string): Powertools {
  return {
    logger: new Logger({ serviceName: service }),
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: service }),
    tracer: new Tracer({ serviceName: service }),
  };
}

/** The cores' HandlerTools on Powertools: logger as is, counts as Count metrics, sections as subsegments of the handler's segment. */
export function powertoolsTools({ logger, metrics, tracer }: Powertools): HandlerTools {
  return {
    logger: {
      debug: (message, attributes) => logger.debug(message, { ...attributes }),
      info: (message, attributes) => logger.info(message, { ...attributes }),
      warn: (message, attributes) => logger.warn(message, { ...attributes }),
      error: (message, attributes) => logger.error(message, { ...attributes }),
    },
    metrics: { count: (name, value = 1) => metrics.addMetric(name, MetricUnit.Count, value) },
    trace: async (name, fn) => {
      const parent = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
      if (!parent) return fn();
      const sub = parent.addNewSubsegment(`## ${name}`);
      tracer.setSegment(sub);
      try {
        return await fn();
      } catch (error) {
        sub.addError(error as Error);
        throw error;
      } finally {
        sub.close();
        tracer.setSegment(parent);
      }
    },
  };
}
