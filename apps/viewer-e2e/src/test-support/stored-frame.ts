import { DicomwebClient } from '@triage/dicomweb';
import type { GeneratedInstance } from '@triage/sample-data';
import type { StoredFrame } from './canvas-pixels';

const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/**
 * The first frame of `instance` as the server serves it decoded (WADO-RS frames, native little endian), with the
 * modality LUT the instance carries: the reference a canvas is compared with.
 */
export async function storedFrame(apiUrl: string, token: string, instance: GeneratedInstance): Promise<StoredFrame> {
  const client = new DicomwebClient({ url: `${apiUrl}/dicomweb`, authorization: `Bearer ${token}` });
  const accept = `multipart/related; type="application/octet-stream"; transfer-syntax=${EXPLICIT_VR_LITTLE_ENDIAN}`;
  const { parts } = await client.frames(instance.studyInstanceUid, instance.seriesInstanceUid, instance.sopInstanceUid, [1], accept);
  const chunks: Buffer[] = [];
  for await (const part of parts) chunks.push(Buffer.from(part.body));
  if (chunks.length !== 1) throw new Error(`frames/1 of ${instance.sopInstanceUid}: ${chunks.length} parts`);
  const bytes = chunks[0];
  const { rows, columns, rescaleSlope, rescaleIntercept } = instance.frame;
  if (bytes.length !== rows * columns * 2)
    throw new Error(`frames/1 of ${instance.sopInstanceUid}: ${bytes.length} bytes for ${rows}x${columns}`);
  const copy = new Uint8Array(bytes).buffer;
  const pixels = instance.frame.pixels instanceof Int16Array ? new Int16Array(copy) : new Uint16Array(copy);
  return { rows, columns, pixels, rescaleSlope, rescaleIntercept };
}
