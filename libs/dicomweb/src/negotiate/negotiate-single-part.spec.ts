import { TransferSyntax } from '@triage/dicom';
import { negotiateSinglePart, singlePartContentType } from './negotiate-single-part';

const HTJ2K = TransferSyntax.HTJ2KLosslessRPCL;
const NATIVE = TransferSyntax.ExplicitVRLittleEndian;
const jphc = { mediaType: 'image/jphc', transferSyntaxUid: HTJ2K };
const jph = { mediaType: 'image/jph', transferSyntaxUid: HTJ2K };

describe('negotiateSinglePart', () => {
  it.each([
    ['image/jphc', HTJ2K, jphc],
    ['image/jph', HTJ2K, jph],
    ['image/*', HTJ2K, jphc],
    [`image/jphc; transfer-syntax=${HTJ2K}`, HTJ2K, jphc],
    ['image/jphc; transfer-syntax=*', HTJ2K, jphc],
    ['image/jphc; transfer-syntax=1.2.840.10008.1.2.4.90', HTJ2K, undefined],
    ['image/jphc', NATIVE, undefined],
    ['image/jpeg', HTJ2K, undefined],
    ['*/*', HTJ2K, undefined],
    [undefined, HTJ2K, undefined],
    ['image/jphc;q=0', HTJ2K, undefined],
    // Multipart at a higher q wins; at the same q the single part does (it is what was named first among equals).
    ['multipart/related; type="image/jph", image/jphc;q=0.5', HTJ2K, undefined],
    ['image/jphc, multipart/related; type="application/octet-stream"', HTJ2K, jphc],
    ['image/jpeg, image/jph;q=0.9, image/jphc;q=0.8', HTJ2K, jph],
  ])('%s, stored as %s', (accept, stored, expected) => {
    expect(negotiateSinglePart(accept, stored)).toEqual(expected);
  });

  it('names the transfer syntax in the Content-Type', () => {
    expect(singlePartContentType({ mediaType: 'image/jphc', transferSyntaxUid: HTJ2K })).toBe(`image/jphc; transfer-syntax=${HTJ2K}`);
  });
});
