import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';

/** PutEvents' limits: at most 10 entries and 256 KB (as EventBridge sizes entries) per request. */
export const PUT_EVENTS_MAX_ENTRIES = 10;
export const PUT_EVENTS_MAX_BYTES = 256 * 1024;

/**
 * An entry's size as EventBridge counts it against the 256 KB limit ("Calculating PutEvents event
 * entry size"): 14 bytes for Time, plus the UTF-8 bytes of Source, DetailType, Detail and each Resource.
 */
export function putEventsEntrySize(entry: PutEventsRequestEntry): number {
  let size = entry.Time ? 14 : 0;
  for (const text of [entry.Source, entry.DetailType, entry.Detail, ...(entry.Resources ?? [])])
    if (text) size += Buffer.byteLength(text, 'utf8');
  return size;
}

/** Splits entries, in order, into requests within both limits; an entry over 256 KB alone cannot be sent (the caller refuses it first). */
export function chunkPutEvents<T extends PutEventsRequestEntry>(entries: readonly T[]): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = putEventsEntrySize(entry);
    if (current.length > 0 && (current.length === PUT_EVENTS_MAX_ENTRIES || bytes + size > PUT_EVENTS_MAX_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
