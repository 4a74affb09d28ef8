import { getFrame, readPart10, toDicomJson } from '@triage/dicom';
import { numberedInstance, numberedInstances } from './numbered-instances';
import { seededRandom } from './seeded-random';
import { SECONDARY_CAPTURE, syntheticInstance } from './synthetic-instance';

describe('seededRandom', () => {
  it('repeats its stream for a seed and differs between seeds', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom(8)()).not.toBe(first[0]);
  });
});

describe('syntheticInstance', () => {
  it('writes a Part 10 file whose attributes and pixels read back as given', () => {
    const instance = syntheticInstance({ study: '1.2.3', series: '1.2.3.4', sop: '1.2.3.4.5', frames: 2, rows: 4, columns: 6, seed: 3 });
    const file = readPart10(instance.bytes, { source: 'synthetic' });
    const json = toDicomJson(file);
    const value = (tag: string) => json[tag]?.Value?.[0];
    expect([value('0020000D'), value('0020000E'), value('00080018'), value('00080060'), value('00280008')]).toEqual([
      '1.2.3',
      '1.2.3.4',
      '1.2.3.4.5',
      'CT',
      2,
    ]);
    expect([value('00280010'), value('00280011'), value('00280101'), value('00280103')]).toEqual([4, 6, 16, 1]);
    const frames = [getFrame(file, 0).bytes, getFrame(file, 1).bytes];
    expect(Buffer.concat(frames).equals(Buffer.from(instance.pixels))).toBe(true);
  });

  it('gives other bytes for another seed and the same bytes for the same one', () => {
    const o = { study: '1.2', series: '1.2.1', sop: '1.2.1.1' };
    expect(Buffer.from(syntheticInstance({ ...o, seed: 1 }).bytes).equals(Buffer.from(syntheticInstance({ ...o, seed: 1 }).bytes))).toBe(
      true,
    );
    expect(Buffer.from(syntheticInstance({ ...o, seed: 1 }).pixels).equals(Buffer.from(syntheticInstance({ ...o, seed: 2 }).pixels))).toBe(
      false,
    );
  });

  it('keeps unsigned samples within the bits stored', () => {
    const { pixels } = syntheticInstance({ study: '1', series: '1.1', sop: '1.1.1', rows: 32, columns: 32, bitsStored: 12, signed: false });
    const samples = new Uint16Array(pixels.buffer, pixels.byteOffset, pixels.length / 2);
    expect(Math.max(...samples)).toBeLessThan(4096);
  });
});

describe('numberedInstances', () => {
  it('names UIDs by run, study and index, spread round-robin over the studies', () => {
    const uids = [...numberedInstances({ count: 4, studies: 2, run: 5, rows: 8, columns: 8 })].map((i) => i.sopInstanceUid);
    expect(uids).toEqual([
      '1.3.6.1.4.1.99999.7.5.1.1.1',
      '1.3.6.1.4.1.99999.7.5.2.1.2',
      '1.3.6.1.4.1.99999.7.5.1.1.3',
      '1.3.6.1.4.1.99999.7.5.2.1.4',
    ]);
  });

  it('is a Secondary Capture with a Conversion Type and a patient named after the run', () => {
    const instance = numberedInstance({ run: 9, study: 1, index: 0, rows: 8, columns: 8 });
    const json = toDicomJson(readPart10(instance.bytes, { source: 'numbered' }));
    expect(instance.sopClassUid).toBe(SECONDARY_CAPTURE);
    expect([json['00080064']?.Value?.[0], json['00100020']?.Value?.[0], json['00280101']?.Value?.[0]]).toEqual(['WSD', 'SYN-9-2', 12]);
  });
});
