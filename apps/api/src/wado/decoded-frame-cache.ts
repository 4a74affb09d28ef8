import type { ImageFrameId } from '@triage/dicom';

/**
 * Frames decoded to native little-endian pixels, by frame id, bounded by their bytes: the least
 * recently used leave first. A frame id names the same pixels for ever (ids are not reused, and
 * transcoding is lossless), so an entry never goes stale; a frame larger than the whole budget is
 * not kept. Callers must not change or transfer the arrays they put or get.
 */
export class DecodedFrameCache {
  private readonly entries = new Map<ImageFrameId, Uint8Array>();
  private held = 0;

  constructor(
    /** The most bytes of pixels held at once; 0 keeps nothing. */
    readonly maxBytes: number,
    /** Told the bytes held after every change (a gauge). */
    private readonly onChange: (bytes: number) => void = () => undefined,
  ) {}

  /** The pixels of a frame, marked most recently used; undefined when not held. */
  get(id: ImageFrameId): Uint8Array | undefined {
    const pixels = this.entries.get(id);
    if (pixels) {
      // Map order is insertion order: re-inserting marks it most recently used.
      this.entries.delete(id);
      this.entries.set(id, pixels);
    }
    return pixels;
  }

  /** True when the frame is held (its place in the order unchanged). */
  has(id: ImageFrameId): boolean {
    return this.entries.has(id);
  }

  /** Keeps a frame's pixels as the most recently used, evicting the least recently used until the budget holds. */
  put(id: ImageFrameId, pixels: Uint8Array): void {
    this.remove(id);
    if (pixels.byteLength > this.maxBytes) return;
    this.entries.set(id, pixels);
    this.held += pixels.byteLength;
    for (const oldest of this.entries.keys()) {
      if (this.held <= this.maxBytes) break;
      this.remove(oldest);
    }
    this.onChange(this.held);
  }

  /** The bytes of pixels held now. */
  get bytes(): number {
    return this.held;
  }

  /** The ids held, least recently used first. */
  ids(): ImageFrameId[] {
    return [...this.entries.keys()];
  }

  private remove(id: ImageFrameId): void {
    const pixels = this.entries.get(id);
    if (!pixels) return;
    this.entries.delete(id);
    this.held -= pixels.byteLength;
  }
}
