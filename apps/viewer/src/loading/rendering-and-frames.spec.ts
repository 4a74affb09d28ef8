import { drawsOnCpu, renderingChoiceOf } from './rendering-choice';
import { withSinglePart } from './single-part';

describe('where the viewer draws', () => {
  it('follows ?rendering= when it says gpu or cpu, else draws on the CPU only over a software WebGL', () => {
    const cases = ['', '?rendering=gpu', '?rendering=cpu', '?rendering=fast', '?x=1&rendering=cpu'].flatMap((search) =>
      [false, true].map((software) => ({ search, software, cpu: drawsOnCpu(renderingChoiceOf(search), software) })),
    );
    expect(cases).toEqual([
      { search: '', software: false, cpu: false },
      { search: '', software: true, cpu: true },
      { search: '?rendering=gpu', software: false, cpu: false },
      { search: '?rendering=gpu', software: true, cpu: false },
      { search: '?rendering=cpu', software: false, cpu: true },
      { search: '?rendering=cpu', software: true, cpu: true },
      { search: '?rendering=fast', software: false, cpu: false },
      { search: '?rendering=fast', software: true, cpu: true },
      { search: '?x=1&rendering=cpu', software: false, cpu: true },
      { search: '?x=1&rendering=cpu', software: true, cpu: true },
    ]);
  });
});

describe('frame URLs asked single part', () => {
  it.each([
    ['/dicomweb/studies/1/series/2/instances/3/frames/1', '/dicomweb/studies/1/series/2/instances/3/frames/1?accept=image/jphc'],
    ['/dicomweb/studies/1/series/2/instances/3/frames/1?x=y', '/dicomweb/studies/1/series/2/instances/3/frames/1?x=y&accept=image/jphc'],
    [
      '/dicomweb/studies/1/series/2/instances/3/frames/1?accept=image/jphc',
      '/dicomweb/studies/1/series/2/instances/3/frames/1?accept=image/jphc',
    ],
    [
      '/dicomweb/studies/1/series/2/instances/3/frames/1?accept=image/jls',
      '/dicomweb/studies/1/series/2/instances/3/frames/1?accept=image/jls',
    ],
    ['/dicomweb/studies/1/series/2/metadata', '/dicomweb/studies/1/series/2/metadata'],
  ])('%s -> %s', (url, expected) => {
    expect(withSinglePart(url)).toBe(expected);
  });
});
