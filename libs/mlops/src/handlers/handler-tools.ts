/** Structured logging: a message and attributes (Powertools Logger's shape; pino is mapped onto it). */
export interface HandlerLogger {
  debug(message: string, attributes?: Record<string, unknown>): void;
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}

/** What every handler core is given besides its event: logs, counters and traced sections (Powertools on Lambda, pino locally). */
export interface HandlerTools {
  logger: HandlerLogger;
  metrics: { count(name: string, value?: number): void };
  /** Runs `fn` as a named section of the trace (an X-Ray subsegment on Lambda). */
  trace<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** Tools that say nothing and trace nothing (for callers that have none). */
export const SILENT_TOOLS: HandlerTools = {
  logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  metrics: { count: () => undefined },
  trace: (_name, fn) => fn(),
};
