/** A DICOM JSON data set, loosely typed: the CLI only reads a few attributes of a response. */
export type JsonDataset = Record<string, { vr?: string; Value?: unknown[] } | undefined>;

/** One instance the server accepted; `unchanged` when it already held the same instance. */
export interface StowAccepted {
  sopInstanceUid: string;
  unchanged: boolean;
}

/** One instance the server refused, with the reason it gave. */
export interface StowFailed {
  sopInstanceUid?: string;
  /** FailureReason (0008,1197). */
  failureReason?: number;
  /** ErrorComment (0000,0902): the server's words. */
  comment?: string;
}

/** The STOW-RS response (PS3.18 10.5.3), reduced to what ingest reports. */
export interface StowResult {
  accepted: StowAccepted[];
  failed: StowFailed[];
}

const REFERENCED_SOP_SEQUENCE = '00081199';
const FAILED_SOP_SEQUENCE = '00081198';
const REFERENCED_SOP_INSTANCE_UID = '00081155';
const FAILURE_REASON = '00081197';
const ERROR_COMMENT = '00000902';

/**
 * PS3.18 has no status for "already stored, nothing changed": a server says so in words, an
 * ErrorComment (0000,0902) in the ReferencedSOPSequence item (with or without a WarningReason).
 */
function isUnchanged(item: JsonDataset): boolean {
  return /already|unchanged|duplicate/i.test(stringValue(item, ERROR_COMMENT) ?? '');
}

/** Reads a STOW-RS response body; undefined when it is not a STOW-RS response data set. */
export function parseStowResponse(json: unknown): StowResult | undefined {
  const dataset = (Array.isArray(json) ? json[0] : json) as JsonDataset | undefined;
  if (!dataset || typeof dataset !== 'object') return undefined;
  const referenced = items(dataset, REFERENCED_SOP_SEQUENCE);
  const failed = items(dataset, FAILED_SOP_SEQUENCE);
  if (!referenced && !failed) return undefined;
  return {
    accepted: (referenced ?? []).flatMap((item) => {
      const uid = stringValue(item, REFERENCED_SOP_INSTANCE_UID);
      return uid ? [{ sopInstanceUid: uid, unchanged: isUnchanged(item) }] : [];
    }),
    failed: (failed ?? []).map((item) => ({
      sopInstanceUid: stringValue(item, REFERENCED_SOP_INSTANCE_UID),
      failureReason: numberValue(item, FAILURE_REASON),
      comment: stringValue(item, ERROR_COMMENT),
    })),
  };
}

/** "0xC000 cannot parse: ..." for a summary line. */
export function describeFailure(failure: StowFailed): string {
  const code = failure.failureReason === undefined ? undefined : `0x${failure.failureReason.toString(16).toUpperCase().padStart(4, '0')}`;
  const words = failure.comment ?? (code ? FAILURE_NAMES[failure.failureReason ?? -1] : undefined) ?? 'no reason given';
  return code ? `${words} (FailureReason ${code})` : words;
}

const FAILURE_NAMES: Record<number, string> = {
  0x0110: 'processing failure',
  0x0112: 'no such object instance',
  0x0122: 'SOP class not supported',
  0x0124: 'not authorized',
  0xa700: 'out of resources',
  0xa900: 'data set does not match SOP class',
  0xc000: 'cannot understand',
  0xc122: 'referenced transfer syntax not supported',
};

function items(dataset: JsonDataset, tag: string): JsonDataset[] | undefined {
  const element = dataset[tag];
  if (!element) return undefined;
  return (element.Value ?? []).filter((v): v is JsonDataset => !!v && typeof v === 'object');
}

function stringValue(dataset: JsonDataset, tag: string): string | undefined {
  const value = dataset[tag]?.Value?.[0];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function numberValue(dataset: JsonDataset, tag: string): number | undefined {
  const value = dataset[tag]?.Value?.[0];
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}
