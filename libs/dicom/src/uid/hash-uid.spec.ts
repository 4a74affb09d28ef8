import * as crypto from 'node:crypto';
import { hashUid, isValidUid } from './hash-uid';

describe('hashUid', () => {
  it('is the 2.25 decimal of the first 128 bits of SHA-256 over the NUL-joined parts, top bit cleared', () => {
    const digest = crypto.createHash('sha256').update('seed\0chest/1/study').digest();
    digest[0] &= 0x7f;
    expect(hashUid(['seed', 'chest/1/study'])).toBe(`2.25.${BigInt(`0x${digest.subarray(0, 16).toString('hex')}`)}`);
  });

  it('uses HMAC-SHA-256 when keyed, so only the key holder reproduces the mapping', () => {
    const digest = crypto.createHmac('sha256', 'k1').update('1.2.3').digest();
    digest[0] &= 0x7f;
    expect(hashUid(['1.2.3'], 'k1')).toBe(`2.25.${BigInt(`0x${digest.subarray(0, 16).toString('hex')}`)}`);
    expect(hashUid(['1.2.3'], 'k2')).not.toBe(hashUid(['1.2.3'], 'k1'));
    expect(hashUid(['1.2.3'])).not.toBe(hashUid(['1.2.3'], 'k1'));
  });

  it('keeps part boundaries: (a, bc) and (ab, c) differ', () => {
    expect(hashUid(['a', 'bc'])).not.toBe(hashUid(['ab', 'c']));
  });

  it('always gives a valid UID of at most 44 characters', () => {
    const uids = Array.from({ length: 500 }, (_, i) => hashUid([`s${i}`]));
    expect(uids.filter((u) => !isValidUid(u) || u.length > 44)).toEqual([]);
    expect(new Set(uids).size).toBe(500);
  });
});

describe('isValidUid', () => {
  it.each([
    ['1.2.840.10008.1.2.1', true],
    ['1.02.3', false],
    ['1..2', false],
    ['1.2.', false],
    [`1.${'2'.repeat(62)}`, true],
    [`1.${'2'.repeat(63)}`, false],
  ])('%s → %s', (uid, valid) => expect(isValidUid(uid)).toBe(valid));
});
