import * as fs from 'node:fs';
import { readPart10 } from '@triage/dicom';

/** What a quick look at a file's start says. */
export interface Sniffed {
  /** The Part 10 preamble: "DICM" at offset 128. */
  hasPreamble: boolean;
  /** SOP Instance UID (0008,0018), when it could be read: it is how a STOW-RS response names the file. */
  sopInstanceUid?: string;
}

/** Only the head of a file is read: the SOP Instance UID sits near the start of every data set. */
const HEAD_BYTES = 256 * 1024;

/** Reads the head of a file and looks for the DICM preamble and the SOP Instance UID. */
export async function sniffInstance(file: string): Promise<Sniffed> {
  const handle = await fs.promises.open(file, 'r');
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const hasPreamble = head.length >= 132 && head.toString('latin1', 128, 132) === 'DICM';
  return { hasPreamble, sopInstanceUid: readSopInstanceUid(head, file) };
}

function readSopInstanceUid(head: Buffer, file: string): string | undefined {
  try {
    const parsed = readPart10(head, { source: file, untilTag: 'x00080018' });
    const uid = parsed.dataSet.string('x00080018')?.trim();
    return uid && /^[0-9.]{1,64}$/.test(uid) ? uid : undefined;
  } catch {
    // Not DICOM, or the head ends inside an element before (0008,0018): the server decides.
    return undefined;
  }
}
