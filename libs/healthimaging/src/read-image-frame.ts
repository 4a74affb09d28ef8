import { buffer } from 'node:stream/consumers';
import type { GetImageFrameCommandInput } from '@aws-sdk/client-medical-imaging';
import type { HealthImaging } from './health-imaging';

/** GetImageFrame, collected: the frame's HTJ2K codestream (one frame is small; whole studies are never collected). */
export async function readImageFrame(hi: HealthImaging, input: GetImageFrameCommandInput): Promise<Uint8Array> {
  const output = await hi.getImageFrame(input);
  const bytes = await buffer(output.imageFrameBlob);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
