import type { HandlerTools } from '../handlers/handler-tools';

/** HandlerTools that keep what they were told: log lines, metric counts (summed by name) and traced section names. */
export function recordingTools() {
  const logs: { level: string; message: string; attributes?: Record<string, unknown> }[] = [];
  const counts: Record<string, number> = {};
  const traces: string[] = [];
  const log = (level: string) => (message: string, attributes?: Record<string, unknown>) => void logs.push({ level, message, attributes });
  const tools: HandlerTools = {
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    metrics: { count: (name, value = 1) => void (counts[name] = (counts[name] ?? 0) + value) },
    trace: (name, fn) => {
      traces.push(name);
      return fn();
    },
  };
  return { tools, logs, counts, traces };
}
