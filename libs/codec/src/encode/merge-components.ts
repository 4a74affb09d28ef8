import { CodecError } from '../errors/codec-error';
import { MarkerSegment, SIZ, TLM, TilePartOut, parseCodestream, serializeCodestream, tlmSegment } from '../codestream/j2k-codestream';

/**
 * Merges single-component codestreams (same size, precision and coding settings, RPCL, one
 * tile-part per resolution, one precinct per resolution) into one multi-component codestream.
 * Packets of different components are independent when no colour transform is used, and in
 * RPCL order resolution r holds component 0's packet, then component 1's, …, so resolution r's
 * tile-part is the concatenation of each component's tile-part r.
 */
export function mergeComponents(codec: string, codestreams: Uint8Array[]): Uint8Array {
  const parsed = codestreams.map((c) => parseCodestream(codec, c));
  const first = parsed[0];
  const resolutions = first.tileParts.length;
  if (parsed.some((p) => p.tileParts.length !== resolutions || p.tileParts.some((tp, i) => tp.tile !== 0 || tp.index !== i))) {
    throw new CodecError(codec, 'cannot merge components: their tile-parts differ');
  }
  const main = first.main.filter((m) => m.marker !== TLM).map((m) => (m.marker === SIZ ? withComponents(m, codestreams.length) : m));
  const tileParts: TilePartOut[] = first.tileParts.map((tp, r) => ({
    tile: 0,
    index: r,
    count: resolutions,
    header: tp.header,
    bodies: parsed.map((p) => p.tileParts[r].body),
  }));
  const lengths = tileParts.map((tp) => ({
    tile: 0,
    length: 14 + tp.header.reduce((n, m) => n + m.bytes.length, 0) + tp.bodies.reduce((n, b) => n + b.length, 0),
  }));
  if (!main.some((m) => m.marker === SIZ)) throw new CodecError(codec, 'cannot merge components: no SIZ marker');
  // TLM may sit anywhere after SIZ in the main header; last is simplest.
  return serializeCodestream([...main, tlmSegment(lengths)], tileParts);
}

/** Repeats component 0's Ssiz/XRsiz/YRsiz for every component. */
function withComponents(siz: MarkerSegment, components: number): MarkerSegment {
  const head = siz.bytes.subarray(0, 40);
  const component = siz.bytes.subarray(40, 43);
  const bytes = new Uint8Array(40 + 3 * components);
  bytes.set(head);
  for (let c = 0; c < components; c++) bytes.set(component, 40 + 3 * c);
  const view = new DataView(bytes.buffer);
  view.setUint16(2, bytes.length - 2);
  view.setUint16(38, components);
  return { marker: SIZ, bytes };
}
