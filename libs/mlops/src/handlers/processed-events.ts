/** Which events a handler has finished with, so a redelivery does nothing (delivery is at least once). */
export interface ProcessedEvents {
  has(subscriber: string, eventId: string): Promise<boolean>;
  /** Marks the event done; marking it again changes nothing. */
  add(subscriber: string, eventId: string): Promise<void>;
}
