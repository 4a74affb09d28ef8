import { encodePng } from '@triage/codec';
import type { Frame } from '../types';

/** A display window in rescaled units (HU for CT). */
export interface DisplayWindow {
  center: number;
  width: number;
}

/**
 * Renders a frame as an 8-bit greyscale PNG through a linear window (the frame's own by default),
 * for previews and thumbnails; MONOCHROME2, so higher values are brighter.
 */
export function toPng8(frame: Frame, window: DisplayWindow = frame.window): Uint8Array {
  const { rows, columns, pixels, rescaleSlope, rescaleIntercept } = frame;
  if (pixels.length !== rows * columns) throw new RangeError(`frame has ${pixels.length} pixels, not ${rows}×${columns}`);
  if (!(window.width > 0)) throw new RangeError(`window width ${window.width} is not positive`);
  const low = window.center - window.width / 2;

  const grey = new Uint8Array(rows * columns);
  for (let i = 0; i < grey.length; i++) {
    const v = ((pixels[i] * rescaleSlope + rescaleIntercept - low) * 255) / window.width;
    grey[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
  }
  return encodePng({ width: columns, height: rows, channels: 1, pixels: grey });
}
