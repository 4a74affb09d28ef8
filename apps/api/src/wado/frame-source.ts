import type { CodecPool, DecodedFrame } from '@triage/codec';
import type { DatastoreId, ImageFrameId } from '@triage/dicom';
import { TransferSyntax } from '@triage/dicom';
import { isHtj2k } from '@triage/dicomweb';
import type { InstanceFrames, StoredFrameBytes } from '@triage/healthimaging';
import type { ApiMetrics, ImageStore } from '../app/api-context';
import { DecodedFrameCache } from './decoded-frame-cache';

const NATIVE = TransferSyntax.ExplicitVRLittleEndian;

/**
 * The frames route's frames, from each frame as the store keeps it now ({@link ImageStore.readFrame}:
 * no metadata document, the same cost however large its study): HTJ2K as stored (a frame still
 * awaiting its transcoding encoded on the codec pool), or native little-endian pixels through a
 * cache of decoded frames bounded by bytes. One decode per frame at a time: a request for a frame
 * being decoded (by a prefetch, or another request) waits for that decode.
 */
export class FrameSource {
  readonly cache: DecodedFrameCache;
  private readonly decoding = new Map<ImageFrameId, Promise<Uint8Array>>();
  private waiting = 0;
  /** Called when a request starts waiting for a decode already running (the prefetch may use the worker it does not). */
  onAwait: () => void = () => undefined;

  constructor(
    private readonly store: ImageStore,
    private readonly datastoreId: DatastoreId,
    private readonly codecPool: CodecPool,
    private readonly metrics: ApiMetrics,
    cacheBytes: number,
  ) {
    this.cache = new DecodedFrameCache(cacheBytes, (bytes) => metrics.frameCacheBytes.set(bytes));
  }

  /** The frame as an HTJ2K codestream: the stored one, or (awaiting transcoding) its pixels encoded now on the codec pool. */
  async htj2k(instance: InstanceFrames, id: ImageFrameId): Promise<Uint8Array> {
    const frame = await this.read(instance, id);
    if (isHtj2k(frame.transferSyntaxUid)) return frame.bytes;
    // The encoder takes its input's buffer: a cached frame is copied, never handed over.
    const cached = this.cache.get(id);
    const decoded = cached ? nativeFrame(instance, cached.slice()) : await this.toNative(instance, frame);
    const stop = this.metrics.codecSeconds.startTimer({ op: 'encode' });
    try {
      return await this.codecPool.encodeHtj2k(decoded);
    } finally {
      stop();
    }
  }

  /**
   * The frame in its stored syntax where that is native (1- and 32-bit samples, which HTJ2K cannot
   * hold; 1-bit packed as stored): the bytes as kept, decoded only if they are not (yet) native.
   */
  async storedNative(instance: InstanceFrames, id: ImageFrameId): Promise<Uint8Array> {
    return (await this.toNative(instance, await this.read(instance, id))).pixels;
  }

  /**
   * The frame as native little-endian pixels: from the cache, from a decode in progress, as kept
   * when it awaits transcoding in native form (passed through), or decoded on the codec pool.
   */
  native(instance: InstanceFrames, id: ImageFrameId): Promise<Uint8Array> {
    const cached = this.cache.get(id);
    if (cached) {
      this.metrics.frameCache.inc({ outcome: 'hit' });
      return Promise.resolve(cached);
    }
    const running = this.decoding.get(id);
    if (running) {
      this.metrics.frameCache.inc({ outcome: 'awaited' });
      this.waiting++;
      const waited = running.finally(() => this.waiting--);
      this.onAwait();
      return waited;
    }
    this.metrics.frameCache.inc({ outcome: 'miss' });
    return this.decodeOnce(instance, id);
  }

  /** Decodes a frame into the cache ahead of its request (nothing when it is held or being decoded); never fails. */
  async prefetch(instance: InstanceFrames, id: ImageFrameId): Promise<void> {
    if (this.cache.has(id) || this.decoding.has(id)) return;
    this.metrics.frameCache.inc({ outcome: 'prefetch' });
    // A frame that cannot be read fails again, and is reported, when it is asked for.
    await this.decodeOnce(instance, id).catch(() => undefined);
  }

  /** Requests waiting now for a decode that another started (a prefetch, mostly): they hold no codec worker. */
  get awaiting(): number {
    return this.waiting;
  }

  private decodeOnce(instance: InstanceFrames, id: ImageFrameId): Promise<Uint8Array> {
    const job = (async () => {
      // Kept native while it awaits transcoding: the same pixels the transcoded frame will decode to.
      const { pixels } = await this.toNative(instance, await this.read(instance, id));
      this.cache.put(id, pixels);
      return pixels;
    })().finally(() => this.decoding.delete(id));
    this.decoding.set(id, job);
    return job;
  }

  private read(instance: InstanceFrames, id: ImageFrameId): Promise<StoredFrameBytes> {
    return this.store.readFrame(this.datastoreId, instance.imageSetId, id);
  }

  /** The frame's pixels as a decoded frame: as kept when native, else decoded on the codec pool. */
  private async toNative(instance: InstanceFrames, frame: StoredFrameBytes): Promise<DecodedFrame> {
    if (frame.transferSyntaxUid === NATIVE) return nativeFrame(instance, frame.bytes);
    const stop = this.metrics.codecSeconds.startTimer({ op: 'decode' });
    try {
      return await this.codecPool.decode(frame.transferSyntaxUid, frame.bytes, instance.pixel);
    } finally {
      stop();
    }
  }
}

/** Native pixels with the instance's Image Pixel module: what the encoder takes. */
function nativeFrame(instance: InstanceFrames, pixels: Uint8Array): DecodedFrame {
  const { rows, columns, samplesPerPixel, bitsAllocated, bitsStored, pixelRepresentation, photometricInterpretation } = instance.pixel;
  return {
    pixels,
    rows,
    columns,
    samplesPerPixel,
    bitsAllocated,
    bitsStored,
    pixelRepresentation,
    photometricInterpretation,
    planarConfiguration: 0,
  };
}
