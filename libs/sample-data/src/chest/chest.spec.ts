import { isValidUid } from '@triage/dicom';
import { dcmdump } from '../test-support/dcmdump';
import { first, readBack, values } from '../test-support/read-back';
import type { ChestTruth, GeneratedInstance } from '../types';
import { DX_FOR_PRESENTATION } from './chest-dataset';
import { generateChestRadiograph, generateChestStudies } from './generate-chest';

function mean(pixels: ArrayLike<number>, size: number, column: number, row: number, radius: number): number {
  let sum = 0;
  let n = 0;
  for (let r = Math.max(0, Math.round(row - radius)); r <= Math.min(size - 1, Math.round(row + radius)); r++) {
    for (let c = Math.max(0, Math.round(column - radius)); c <= Math.min(size - 1, Math.round(column + radius)); c++) {
      if ((c - column) ** 2 + (r - row) ** 2 > radius * radius) continue;
      sum += pixels[r * size + c];
      n++;
    }
  }
  return sum / n;
}

describe('generateChestStudies', () => {
  const studies = [...generateChestStudies({ count: 3, seed: 'chest-spec' })];

  it('gives byte-identical files for the same seed, and different files for another', () => {
    const again = [...generateChestStudies({ count: 3, seed: 'chest-spec' })];
    again.forEach((g, i) => {
      expect(Buffer.from(g.bytes).equals(Buffer.from(studies[i].bytes))).toBe(true);
      expect(g.sopInstanceUid).toBe(studies[i].sopInstanceUid);
    });
    const other = generateChestStudies({ count: 1, seed: 'chest-spec-2' }).next().value as GeneratedInstance;
    expect(Buffer.from(other.bytes).equals(Buffer.from(studies[0].bytes))).toBe(false);
    expect(other.studyInstanceUid).not.toBe(studies[0].studyInstanceUid);
  });

  it('is lazy and names files safely', () => {
    const it = generateChestStudies({ count: 1000000, seed: 'lazy', size: 64 });
    expect(it.next().value?.fileName).toBe('chest-0000.dcm');
    expect(it.next().value?.fileName).toBe('chest-0001.dcm');
  });

  it('writes a DX For Presentation image with the attributes a viewer and a trainer need', () => {
    for (const g of studies) {
      const { json, samples } = readBack(g.bytes);
      expect(first(json, '00080016')).toBe(DX_FOR_PRESENTATION);
      expect(first(json, '00080060')).toBe('DX');
      expect(first(json, '00280010')).toBe(1024);
      expect(first(json, '00280011')).toBe(1024);
      expect(first(json, '00280100')).toBe(16);
      expect(first(json, '00280101')).toBe(12);
      expect(first(json, '00280102')).toBe(11);
      expect(first(json, '00280103')).toBe(0);
      expect(first(json, '00280004')).toBe('MONOCHROME2');
      expect(first(json, '00180015')).toBe('CHEST');
      expect(['PA', 'AP']).toContain(first(json, '00185101'));
      expect(Number(first(json, '00181164'))).toBeCloseTo(430 / 1024, 3);
      expect(Number(first(json, '00280030'))).toBeLessThan(Number(first(json, '00181164')));
      expect(first(json, '00080070')).toBe('triage synthetic');
      expect(String(first(json, '00100010'))).toMatch(/^SYNTHETIC\^CHEST\d{4}$/);
      expect(String(first(json, '00100020'))).toMatch(/^SYN-/);
      expect(String(first(json, '00080050'))).toMatch(/^SYN\d{8}$/);
      expect(String(first(json, '00080020'))).toMatch(/^20\d{6}$/);
      expect(String(first(json, '00204000'))).toContain('SYNTHETIC');
      expect(String(first(json, '0008103E'))).toContain('SYNTHETIC');
      expect(values(json, '00281050')).toHaveLength(1);
      for (const tag of ['0020000D', '0020000E', '00080018']) expect(isValidUid(String(first(json, tag)))).toBe(true);
      expect(first(json, '0020000D')).toBe(g.studyInstanceUid);
      expect(first(json, '00110010')).toBe('TRIAGE SYNTHETIC');
      expect(first(json, '00111010')).toBe(g.label);
      expect(JSON.parse(String(first(json, '00111012')))).toEqual(g.truth);
      expect(Array.from(samples).reduce((m, v) => Math.max(m, v), 0)).toBeLessThanOrEqual(4095);
      expect(Buffer.from(samples.buffer).equals(Buffer.from(g.frame.pixels.buffer))).toBe(true);
    }
  });

  it('parses with dcmtk', () => {
    const dump = dcmdump(studies[0].bytes);
    expect(dump).toContain('DigitalXRayImageStorageForPresentation');
    expect(dump).toMatch(/\(0020,4000\) LT \[SYNTHETIC/);
    expect(dump).toMatch(/\(0011,0010\) LO \[TRIAGE SYNTHETIC\]/);
    expect(dump).not.toMatch(/error|warning/i);
  });

  it('draws lungs darker than the heart and uses the dynamic range', () => {
    for (const g of studies) {
      const { landmarks } = g.truth as ChestTruth;
      const px = g.frame.pixels;
      const heart = mean(px, 1024, ...landmarks.heart, 20);
      expect(mean(px, 1024, ...landmarks.rightLung, 20)).toBeLessThan(heart - 300);
      expect(mean(px, 1024, ...landmarks.leftLung, 20)).toBeLessThan(heart - 300);
      expect(mean(px, 1024, 4, 1020, 3)).toBeLessThan(heart);
    }
  });

  it('encodes pneumonia in the pixels: brighter at each reported opacity than the same case drawn normal, identical elsewhere', () => {
    for (let index = 0; index < 4; index++) {
      const sick = generateChestRadiograph({ seed: 'opacity', index, label: 'pneumonia' });
      const well = generateChestRadiograph({ seed: 'opacity', index, label: 'normal' });
      const truth = sick.truth as ChestTruth;
      expect(truth.opacities.length).toBeGreaterThan(0);
      expect((well.truth as ChestTruth).opacities).toEqual([]);
      for (const o of truth.opacities) {
        const r = Math.max(3, o.radiusPx / 3);
        const lift = mean(sick.frame.pixels, 1024, o.column, o.row, r) - mean(well.frame.pixels, 1024, o.column, o.row, r);
        expect(lift).toBeGreaterThan(20);
      }
      // Outside every opacity's reach (1.6 radii for the most elongated blob, plus a pixel of blur) nothing changes.
      let strayDifferences = 0;
      for (let i = 0; i < 1024 * 1024; i++) {
        if (sick.frame.pixels[i] === well.frame.pixels[i]) continue;
        const c = i % 1024;
        const row = (i - c) / 1024;
        if (!truth.opacities.some((o) => Math.hypot(c - o.column, row - o.row) <= o.radiusPx * 1.6 * 1.35 + 3)) strayDifferences++;
      }
      expect(strayDifferences).toBe(0);
    }
  });

  it('follows pneumoniaFraction and varies opacity size and density', () => {
    const none = [...generateChestStudies({ count: 10, seed: 'f', size: 64, pneumoniaFraction: 0 })];
    expect(none.every((g) => g.label === 'normal')).toBe(true);
    const all = [...generateChestStudies({ count: 30, seed: 'f', size: 64, pneumoniaFraction: 1 })];
    expect(all.every((g) => g.label === 'pneumonia')).toBe(true);
    const densities = all.flatMap((g) => (g.truth as ChestTruth).opacities.map((o) => o.density));
    expect(Math.min(...densities)).toBeLessThan(0.3);
    expect(Math.max(...densities)).toBeGreaterThan(0.6);
    const half = [...generateChestStudies({ count: 40, seed: 'f', size: 64 })].filter((g) => g.label === 'pneumonia').length;
    expect(half).toBeGreaterThan(10);
    expect(half).toBeLessThan(30);
    expect(() => generateChestRadiograph({ seed: 'f', index: 0, pneumoniaFraction: 2 })).toThrow(RangeError);
  });

  it('does not give the label away in the image mean: normal anatomy varies as much as the disease', () => {
    const cases = [...generateChestStudies({ count: 40, seed: 'auc', size: 128 })];
    const score = (g: GeneratedInstance): number => Array.from(g.frame.pixels).reduce((s, v) => s + v, 0);
    const sick = cases.filter((g) => g.label === 'pneumonia').map(score);
    const well = cases.filter((g) => g.label === 'normal').map(score);
    let wins = 0;
    for (const s of sick) for (const w of well) wins += s > w ? 1 : s === w ? 0.5 : 0;
    const auc = wins / (sick.length * well.length);
    expect(auc).toBeLessThan(0.85);
  });

  it('draws clear opacities when asked (2-3, radius 40-60 mm, density 0.8-1.0) and leaves anatomy, label and normal cases alone', () => {
    const varied = [...generateChestStudies({ count: 20, seed: 'c', size: 64 })];
    const clear = [...generateChestStudies({ count: 20, seed: 'c', size: 64, conspicuity: 'clear' })];
    expect(clear.map((g) => [g.label, g.studyInstanceUid])).toEqual(varied.map((g) => [g.label, g.studyInstanceUid]));
    for (const [i, g] of clear.entries()) {
      const opacities = (g.truth as ChestTruth).opacities;
      if (g.label === 'normal') {
        expect(g.frame.pixels).toEqual(varied[i].frame.pixels);
        continue;
      }
      expect([2, 3]).toContain(opacities.length);
      for (const o of opacities) {
        expect(o.radiusMm).toBeGreaterThanOrEqual(40);
        expect(o.radiusMm).toBeLessThanOrEqual(60);
        expect(o.density).toBeGreaterThanOrEqual(0.8);
        expect(o.density).toBeLessThanOrEqual(1);
      }
    }
  });
});
