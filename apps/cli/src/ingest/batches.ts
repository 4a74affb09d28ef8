/** A file ready to send, with the UID its response item will carry when known. */
export interface Outgoing {
  path: string;
  size: number;
  sopInstanceUid?: string;
}

/** Per-request byte budget: large enough to amortise a request, small enough for any server's body limit. */
export const MAX_BATCH_BYTES = 64 << 20;

/** Limits of one STOW-RS request. */
export interface BatchLimits {
  maxFiles: number;
  maxBytes: number;
}

/**
 * Groups files into STOW-RS requests. A file whose SOP Instance UID is unknown goes alone, and
 * a UID never appears twice in one request, so every response item names exactly one file.
 */
export function* batches(files: Iterable<Outgoing>, limits: BatchLimits): Generator<Outgoing[]> {
  let current: Outgoing[] = [];
  let bytes = 0;
  const uids = new Set<string>();
  for (const file of files) {
    if (!file.sopInstanceUid) {
      yield [file];
      continue;
    }
    if (current.length > 0 && (current.length >= limits.maxFiles || bytes + file.size > limits.maxBytes || uids.has(file.sopInstanceUid))) {
      yield current;
      current = [];
      bytes = 0;
      uids.clear();
    }
    current.push(file);
    bytes += file.size;
    uids.add(file.sopInstanceUid);
  }
  if (current.length > 0) yield current;
}
