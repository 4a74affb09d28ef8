import { walkElements } from './dicom-elements';

/**
 * A healthy neighbour of a corpus file: the same bytes with another SOP Instance UID (its last digit
 * changed, in the meta header and the data set alike), so it lands in the same series as the file's
 * mutants and shows whether one broken instance breaks the series. Undefined when no UID is found.
 */
export function sibling(bytes: Uint8Array): { bytes: Uint8Array; sop: string } | undefined {
  const out = Uint8Array.from(bytes);
  let sop: string | undefined;
  for (const e of walkElements(bytes).filter((x) => x.tag === '00020003' || x.tag === '00080018')) {
    if (e.length === 0xffffffff || e.valueOffset + e.length > out.length) continue;
    let last = e.valueOffset + e.length - 1;
    while (last >= e.valueOffset && !(out[last] !== undefined && (out[last] as number) >= 0x30 && (out[last] as number) <= 0x39)) last--;
    if (last < e.valueOffset) continue;
    out[last] = 0x30 + ((((out[last] as number) - 0x30 + 1) % 9) + 1);
    if (e.tag === '00080018')
      sop = Buffer.from(out.subarray(e.valueOffset, e.valueOffset + e.length))
        .toString('latin1')
        .replace(/[\0 ]+$/, '');
  }
  return sop ? { bytes: out, sop } : undefined;
}
