import { parseAccept } from './parse-accept';

describe('parseAccept', () => {
  it('orders ranges by q (stable among equal q), keeps quoted separators, lower-cases names, and accepts anything when absent', () => {
    const table: [string | undefined, [string, Record<string, string>, number][]][] = [
      [undefined, [['*/*', {}, 1]]],
      ['  ', [['*/*', {}, 1]]],
      [
        'multipart/related; type="application/octet-stream"; transfer-syntax=*; q=0.5, multipart/related; type="image/jph"',
        [
          ['multipart/related', { type: 'image/jph' }, 1],
          ['multipart/related', { type: 'application/octet-stream', 'transfer-syntax': '*' }, 0.5],
        ],
      ],
      [
        'Image/PNG;Q=0.2, application/json, text/plain;q=x',
        [
          ['application/json', {}, 1],
          ['image/png', {}, 0.2],
          ['text/plain', {}, 0],
        ],
      ],
      ['application/dicom; type="a,b;c"', [['application/dicom', { type: 'a,b;c' }, 1]]],
    ];
    expect(table.map(([header]) => parseAccept(header).map((r) => [`${r.type}/${r.subtype}`, r.params, r.q]))).toEqual(
      table.map(([, ranges]) => ranges),
    );
  });

  it('answers a header seen before with the same frozen ranges, so no caller can change what the next one gets', () => {
    const header = 'multipart/related; type="image/jph"; transfer-syntax=1.2.840.10008.1.2.4.202';
    const first = parseAccept(header);
    expect(parseAccept(header)).toBe(first);
    expect([Object.isFrozen(first), Object.isFrozen(first[0]), Object.isFrozen(first[0]?.params)]).toEqual([true, true, true]);
    expect(() => ((first[0] as { q: number }).q = 0)).toThrow(TypeError);
    expect(parseAccept(header)[0]?.q).toBe(1);
  });
});
