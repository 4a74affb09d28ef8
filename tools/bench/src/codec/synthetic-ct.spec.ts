import { CT_RESCALE_INTERCEPT, syntheticCtSlice } from './synthetic-ct';
import { benchmarks } from '../registry/registry';

test('the synthetic CT slice holds air, soft tissue, bone and padding in HU', () => {
  const slice = syntheticCtSlice();
  expect([slice.rows, slice.columns, slice.bitsAllocated, slice.pixelRepresentation]).toEqual([512, 512, 16, 1]);
  const hu = Array.from(new Int16Array(slice.pixels.buffer), (v) => v + CT_RESCALE_INTERCEPT);
  const at = (x: number, y: number): number => hu[y * 512 + x];
  expect(at(2, 2)).toBe(-2000); // outside the field of view
  expect(at(256, 60)).toBeLessThan(-950); // air above the body
  expect(at(190, 240)).toBeGreaterThan(0); // liver
  expect(at(190, 240)).toBeLessThan(120);
  expect(at(256, 318)).toBeGreaterThan(500); // vertebral cortex
  expect(Buffer.from(syntheticCtSlice().pixels).equals(Buffer.from(slice.pixels))).toBe(true); // deterministic
});

test('the registry names the codec benchmark', () => {
  expect(Object.keys(benchmarks)).toContain('codec');
});
