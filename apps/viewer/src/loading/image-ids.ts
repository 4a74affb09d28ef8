/** One instance of a series' WADO-RS metadata (DICOM JSON). */
export type DicomJson = Record<string, { vr: string; Value?: unknown[] } | undefined>;

/** A slice of the stack: its Cornerstone image id and where it comes from. */
export interface Slice {
  imageId: string;
  sopInstanceUid: string;
  frame: number;
  instance: DicomJson;
}

function first(instance: DicomJson, tag: string): unknown {
  return instance[tag]?.Value?.[0];
}

function numbers(instance: DicomJson, tag: string): number[] | undefined {
  const values = instance[tag]?.Value;
  if (!values || !values.every((v) => typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && !isNaN(Number(v)))))
    return undefined;
  return values.map(Number);
}

/** Where an instance lies along its slice normal (ImagePositionPatient on the ImageOrientationPatient normal), if it says. */
export function slicePosition(instance: DicomJson): number | undefined {
  const ipp = numbers(instance, '00200032');
  const iop = numbers(instance, '00200037');
  if (ipp?.length !== 3 || iop?.length !== 6) return undefined;
  const [r0, r1, r2, c0, c1, c2] = iop;
  const normal = [r1 * c2 - r2 * c1, r2 * c0 - r0 * c2, r0 * c1 - r1 * c0];
  return normal[0] * ipp[0] + normal[1] * ipp[1] + normal[2] * ipp[2];
}

/**
 * The stack of a series: one `wadors:` image id per frame, in InstanceNumber order when every instance has a
 * distinct one (the order the modality meant), else by position along the slice normal, else by SOP Instance UID,
 * so the order never depends on the order the server listed them in.
 */
export function stackOf(seriesUrl: string, instances: readonly DicomJson[]): Slice[] {
  const rows = instances.map((instance) => ({
    instance,
    position: slicePosition(instance),
    number: Number(first(instance, '00200013') ?? NaN),
    uid: String(first(instance, '00080018') ?? ''),
  }));
  const distinct = (values: (number | undefined)[]) =>
    values.every((v) => v !== undefined && !isNaN(v)) && new Set(values).size === values.length;
  const key: 'number' | 'position' | undefined = distinct(rows.map((r) => r.number))
    ? 'number'
    : distinct(rows.map((r) => r.position))
      ? 'position'
      : undefined;
  const sorted = rows.sort((a, b) => (key ? (a[key] ?? 0) - (b[key] ?? 0) : a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  const slices: Slice[] = [];
  for (const { instance, uid } of sorted) {
    const frames = Math.max(1, Number(first(instance, '00280008') ?? 1) || 1);
    for (let frame = 1; frame <= frames; frame++) {
      slices.push({
        imageId: `wadors:${seriesUrl}/instances/${encodeURIComponent(uid)}/frames/${frame}`,
        sopInstanceUid: uid,
        frame,
        instance,
      });
    }
  }
  return slices;
}
