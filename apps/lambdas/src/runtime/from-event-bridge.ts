import { checkEvent, type TriageEvent } from '@triage/events';

/**
 * The platform event in what EventBridge delivered, checked against its schema. EventBridge writes `time` to the second
 * (`2026-01-01T00:00:00Z`) where the platform's envelope has milliseconds: that one difference is evened out first.
 */
export function fromEventBridge(event: unknown): TriageEvent {
  if (typeof event === 'object' && event !== null && !Array.isArray(event)) {
    const time = (event as { time?: unknown }).time;
    if (typeof time === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(time))
      return checkEvent({ ...event, time: `${time.slice(0, -1)}.000Z` });
  }
  return checkEvent(event);
}
