import { instanceForm, negotiateFrames, negotiateInstances } from './negotiate-retrieve';
import { parseAccept } from './parse-accept';

const NATIVE = '1.2.840.10008.1.2.1';
const HTJ2K = '1.2.840.10008.1.2.4.202';
const JPEG = '1.2.840.10008.1.2.4.50';

describe('parseAccept', () => {
  it.each([
    [undefined, [{ type: '*', subtype: '*', params: {}, q: 1 }]],
    ['', [{ type: '*', subtype: '*', params: {}, q: 1 }]],
    [
      'text/html;q=0.2, multipart/related; type="application/dicom; x=1,y"; transfer-syntax=*',
      [
        { type: 'multipart', subtype: 'related', params: { type: 'application/dicom; x=1,y', 'transfer-syntax': '*' }, q: 1 },
        { type: 'text', subtype: 'html', params: {}, q: 0.2 },
      ],
    ],
    [
      'a/b;q=2, c/d;q=x, e',
      [
        { type: 'a', subtype: 'b', params: {}, q: 1 },
        { type: 'c', subtype: 'd', params: {}, q: 0 },
      ],
    ],
  ])('%s', (header, ranges) => {
    expect(parseAccept(header)).toEqual(ranges);
  });
});

describe('negotiateInstances', () => {
  it.each([
    [undefined, { form: 'native', partType: 'application/dicom', transferSyntaxUid: NATIVE }],
    ['multipart/related; type="application/dicom"', { form: 'native', partType: 'application/dicom', transferSyntaxUid: NATIVE }],
    [
      'multipart/related; type="application/dicom"; transfer-syntax=*',
      { form: 'stored', partType: 'application/dicom', transferSyntaxUid: '*' },
    ],
    [
      `multipart/related; type="application/dicom"; transfer-syntax=${HTJ2K}`,
      { form: 'stored', partType: 'application/dicom', transferSyntaxUid: HTJ2K },
    ],
    [
      `multipart/related; type="application/dicom"; transfer-syntax=${HTJ2K}; q=0.5, multipart/related; type="application/dicom"`,
      { form: 'native', partType: 'application/dicom', transferSyntaxUid: NATIVE },
    ],
    [`multipart/related; type="application/dicom"; transfer-syntax=${JPEG}`, undefined],
    ['application/dicom+json', undefined],
    ['multipart/related; type="image/jph"', undefined],
    ['*/*;q=0', undefined],
  ])('%s', (accept, negotiated) => {
    expect(negotiateInstances(accept)).toEqual(negotiated);
  });
});

describe('instanceForm', () => {
  const stored = { form: 'stored' as const, partType: 'application/dicom', transferSyntaxUid: '*' };
  const asked = { form: 'stored' as const, partType: 'application/dicom', transferSyntaxUid: HTJ2K };
  const native = { form: 'native' as const, partType: 'application/dicom', transferSyntaxUid: NATIVE };
  it.each([
    ['any syntax, stored HTJ2K', stored, HTJ2K, { form: 'stored', transferSyntaxUid: HTJ2K }],
    ['HTJ2K asked, stored HTJ2K', asked, HTJ2K, { form: 'stored', transferSyntaxUid: HTJ2K }],
    ['HTJ2K asked, stored other HTJ2K', asked, '1.2.840.10008.1.2.4.201', { form: 'native', transferSyntaxUid: NATIVE }],
    ['native asked, stored HTJ2K', native, HTJ2K, { form: 'native', transferSyntaxUid: NATIVE }],
    ['native asked, stored native', native, NATIVE, { form: 'stored', transferSyntaxUid: NATIVE }],
  ])('%s', (_name, negotiated, storedTs, expected) => {
    expect(instanceForm(negotiated, storedTs)).toEqual(expected);
  });
});

describe('negotiateFrames', () => {
  it.each([
    // No Accept is */*: native pixels, the one form every client can read.
    [undefined, HTJ2K, { form: 'native', partType: 'application/octet-stream', transferSyntaxUid: NATIVE }],
    [undefined, NATIVE, { form: 'stored', partType: 'application/octet-stream', transferSyntaxUid: NATIVE }],
    ['multipart/related; type="image/jph"', HTJ2K, { form: 'stored', partType: 'image/jph', transferSyntaxUid: HTJ2K }],
    ['multipart/related; type="image/jph"', NATIVE, undefined],
    [
      'multipart/related; type="application/octet-stream"',
      HTJ2K,
      { form: 'native', partType: 'application/octet-stream', transferSyntaxUid: NATIVE },
    ],
    [`multipart/related; type="application/octet-stream"; transfer-syntax=${HTJ2K}`, HTJ2K, undefined],
    ['multipart/related; type="image/*"', HTJ2K, undefined],
    ['multipart/related; type="image/*"; transfer-syntax=*', HTJ2K, { form: 'stored', partType: 'image/jph', transferSyntaxUid: HTJ2K }],
    [
      'multipart/related; type="application/octet-stream", multipart/related; type="image/jph"',
      HTJ2K,
      { form: 'stored', partType: 'image/jph', transferSyntaxUid: HTJ2K },
    ],
    ['image/png', HTJ2K, undefined],
  ])('%s, frames stored as %s', (accept, storedTs, negotiated) => {
    expect(negotiateFrames(accept, storedTs)).toEqual(negotiated);
  });
});
