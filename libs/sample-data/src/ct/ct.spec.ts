import { isValidUid } from '@triage/dicom';
import { dcmdump } from '../test-support/dcmdump';
import { first, readBack, values } from '../test-support/read-back';
import type { GeneratedInstance } from '../types';
import { CT_IMAGE_STORAGE } from './ct-dataset';
import { generateCtSeries } from './generate-ct';

describe('generateCtSeries', () => {
  const series = [...generateCtSeries({ slices: 50, seed: 'ct-spec' })];
  const read = series.map((g) => readBack(g.bytes));

  it('gives byte-identical slices for the same seed, and different ones for another', () => {
    const again = generateCtSeries({ slices: 50, seed: 'ct-spec' });
    for (let i = 0; i < 3; i++)
      expect(Buffer.from((again.next().value as GeneratedInstance).bytes).equals(Buffer.from(series[i].bytes))).toBe(true);
    const other = generateCtSeries({ slices: 50, seed: 'ct-spec-2' }).next().value as GeneratedInstance;
    expect(Buffer.from(other.bytes).equals(Buffer.from(series[0].bytes))).toBe(false);
    expect(other.studyInstanceUid).not.toBe(series[0].studyInstanceUid);
  });

  it('keeps one study, series and frame of reference, with geometry consistent slice to slice', () => {
    const json = read.map((r) => r.json);
    const thickness = Number(first(json[0], '00180050'));
    expect(thickness).toBeGreaterThan(0);
    const sops = new Set<string>();
    json.forEach((j, i) => {
      expect(first(j, '00080016')).toBe(CT_IMAGE_STORAGE);
      expect(first(j, '00080060')).toBe('CT');
      for (const tag of ['0020000D', '0020000E', '00200052', '00080018']) expect(isValidUid(String(first(j, tag)))).toBe(true);
      for (const tag of ['0020000D', '0020000E', '00200052', '00280030', '00180050', '00100020', '00080050'])
        expect(values(j, tag)).toEqual(values(json[0], tag));
      expect(values(j, '00200037').map(Number)).toEqual([1, 0, 0, 0, 1, 0]);
      expect(first(j, '00200013')).toBe(i + 1);
      sops.add(String(first(j, '00080018')));
      const z = Number(values(j, '00200032')[2]);
      expect(Number(first(j, '00201041'))).toBeCloseTo(z, 3);
      expect(values(j, '00200032').slice(0, 2)).toEqual(values(json[0], '00200032').slice(0, 2));
      if (i > 0) expect(z - Number(values(json[i - 1], '00200032')[2])).toBeCloseTo(thickness, 3);
    });
    expect(sops.size).toBe(series.length);
    expect(new Set(series.map((g) => g.studyInstanceUid)).size).toBe(1);
  });

  it('stores 16-bit signed values with a HU rescale and window presets', () => {
    const j = read[0].json;
    expect(first(j, '00280010')).toBe(512);
    expect(first(j, '00280011')).toBe(512);
    expect(first(j, '00280100')).toBe(16);
    expect(first(j, '00280101')).toBe(16);
    expect(first(j, '00280103')).toBe(1);
    expect(Number(first(j, '00281052'))).toBe(-1024);
    expect(Number(first(j, '00281053'))).toBe(1);
    expect(first(j, '00281054')).toBe('HU');
    expect(values(j, '00281050').length).toBeGreaterThan(1);
    expect(values(j, '00281051')).toHaveLength(values(j, '00281050').length);
    expect(String(first(j, '00204000'))).toContain('SYNTHETIC');
    expect(String(first(j, '0008103E'))).toContain('SYNTHETIC');
    expect(String(first(j, '00100010'))).toMatch(/^SYNTHETIC\^CT\d{4}$/);
    expect(first(j, '00080070')).toBe('triage synthetic');
  });

  it('parses with dcmtk', () => {
    const dump = dcmdump(series[25].bytes);
    expect(dump).toContain('CTImageStorage');
    expect(dump).toMatch(/\(0008,103e\) LO \[SYNTHETIC/);
    expect(dump).not.toMatch(/error|warning/i);
  });

  it('looks like a chest CT in HU: air outside, lungs, soft tissue and bone', () => {
    for (const [i, { samples }] of read.entries()) {
      const hu = (k: number): number => samples[k] - 1024;
      expect(Buffer.from(samples.buffer).equals(Buffer.from(series[i].frame.pixels.buffer))).toBe(true);
      // The top-left corner is air, well outside the body and the table.
      let corner = 0;
      for (let r = 0; r < 20; r++) for (let c = 0; c < 20; c++) corner += hu(r * 512 + c);
      expect(Math.abs(corner / 400 + 1000)).toBeLessThan(15);
      let bone = 0;
      for (let k = 0; k < samples.length; k++) if (hu(k) > 300) bone++;
      expect(bone).toBeGreaterThan(200);
    }
    // Mid-series: lung parenchyma near -850 HU covers a large area.
    const mid = read[Math.floor(read.length * 0.7)].samples;
    let lung = 0;
    for (let k = 0; k < mid.length; k++) if (mid[k] - 1024 > -920 && mid[k] - 1024 < -750) lung++;
    expect(lung).toBeGreaterThan(15000);
  });

  it('changes smoothly from slice to slice', () => {
    const diff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
      let s = 0;
      for (let k = 0; k < a.length; k++) s += Math.abs(a[k] - b[k]);
      return s / a.length;
    };
    const neighbours = diff(read[20].samples, read[21].samples);
    const far = diff(read[5].samples, read[40].samples);
    expect(neighbours).toBeLessThan(far);
  });

  it('refuses slice counts outside 50 to 600 and is lazy', () => {
    expect(() => generateCtSeries({ slices: 49, seed: 's' }).next()).toThrow(RangeError);
    expect(() => generateCtSeries({ slices: 601, seed: 's' }).next()).toThrow(RangeError);
    const it = generateCtSeries({ slices: 600, seed: 's', rows: 64, columns: 64 });
    expect(it.next().value?.fileName).toBe('ct-0001.dcm');
  });
});
