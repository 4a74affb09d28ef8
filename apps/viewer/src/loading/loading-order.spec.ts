import { stackOf, type DicomJson } from './image-ids';
import { nearestPending, nearnessOrder } from './prefetch-order';
import { loaderDecodeLevel, parseResolutionEnds, prefixPlan, totalOfContentRange } from './prefix-plan';

const instance = (uid: string, number?: number, z?: number, frames?: number): DicomJson => ({
  '00080018': { vr: 'UI', Value: [uid] },
  ...(number !== undefined && { '00200013': { vr: 'IS', Value: [number] } }),
  ...(z !== undefined && { '00200032': { vr: 'DS', Value: [0, 0, z] }, '00200037': { vr: 'DS', Value: [1, 0, 0, 0, 1, 0] } }),
  ...(frames !== undefined && { '00280008': { vr: 'IS', Value: [frames] } }),
});

describe('prefetch order', () => {
  it.each([
    [5, 0, [0, 1, 2, 3, 4]],
    [5, 2, [2, 3, 1, 4, 0]],
    [5, 4, [4, 3, 2, 1, 0]],
    [4, 9, [3, 2, 1, 0]],
    [0, 0, []],
  ])('nearnessOrder(%i, %i)', (count, center, expected) => {
    expect(nearnessOrder(count, center)).toEqual(expected);
  });

  it('picks the pending slice nearest to the one in view, forward on a tie', () => {
    const pending = new Set([0, 3, 7, 9]);
    expect([
      nearestPending(pending, 10, 5),
      nearestPending(pending, 10, 8),
      nearestPending(pending, 10, 0),
      nearestPending(new Set(), 10, 0),
    ]).toEqual([7, 9, 0, undefined]);
  });
});

describe('stack order', () => {
  const ids = (instances: DicomJson[]) => stackOf('http://x/s/1/series/2', instances).map((s) => `${s.sopInstanceUid}#${s.frame}`);

  it.each([
    ['InstanceNumber when distinct', [instance('c', 3, 0), instance('a', 1, 20), instance('b', 2, 10)], ['a#1', 'b#1', 'c#1']],
    ['position when numbers repeat', [instance('c', 1, 30), instance('a', 1, 10), instance('b', 1, 20)], ['a#1', 'b#1', 'c#1']],
    ['UID when neither says', [instance('b'), instance('a')], ['a#1', 'b#1']],
    ['every frame of a multi-frame instance', [instance('m', 1, undefined, 3)], ['m#1', 'm#2', 'm#3']],
  ])('%s', (_name, instances, expected) => {
    expect(ids(instances)).toEqual(expected);
  });

  it('makes wadors image ids of frame URLs', () => {
    expect(stackOf('http://x/dicomweb/studies/1/series/2', [instance('1.2.3', 1)])[0].imageId).toBe(
      'wadors:http://x/dicomweb/studies/1/series/2/instances/1.2.3/frames/1',
    );
  });
});

describe('prefix plan', () => {
  it.each([
    // fraction of the frame fetched → the level Cornerstone 5.14's wadors loader decodes it at
    [0.02, 3],
    [0.03, 3],
    [0.05, 2],
    [0.1, 1],
    [0.3, 0],
  ])('the loader decodes %f of a frame at level %i', (fraction, level) => {
    expect(loaderDecodeLevel(fraction)).toBe(level);
  });

  // A 512-wide frame of 200,000 bytes, 5 decompositions: resolutions end at these offsets.
  const ends = [600, 1500, 3500, 12000, 48000, 200000];
  it.each([
    ['the smallest prefix that decodes at least 128 across', ends, 200000, 512, 128, { initialBytes: 12000, decodeLevel: 2 }],
    ['a smaller minimum takes a smaller prefix', ends, 200000, 512, 64, { initialBytes: 3500, decodeLevel: 3 }],
    ['no prefix when none is small enough', [150000, 190000, 200000], 200000, 512, 128, undefined],
    ['no prefix without decompositions', [200000], 200000, 512, 128, undefined],
  ])('%s', (_name, resolutionEnds, total, columns, minSize, expected) => {
    expect(prefixPlan(resolutionEnds, total, columns, minSize)).toEqual(expected);
  });

  it.each([
    ['1234,5678,9999', [1234, 5678, 9999]],
    ['10, 20', [10, 20]],
    ['20,10', undefined],
    ['a,b', undefined],
    [null, undefined],
  ])('X-Triage-Resolution-Ends %p', (header, expected) => {
    expect(parseResolutionEnds(header)).toEqual(expected);
  });

  it('reads the total of a Content-Range', () => {
    expect([totalOfContentRange('bytes 0-0/123456'), totalOfContentRange(null), totalOfContentRange('bytes 0-0/*')]).toEqual([
      123456,
      undefined,
      undefined,
    ]);
  });
});
