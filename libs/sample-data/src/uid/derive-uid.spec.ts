import { deriveUid, isValidUid } from './derive-uid';

describe('deriveUid', () => {
  it('is stable for a seed and path and differs across either', () => {
    const uid = deriveUid('seed', 'chest/1/study');
    expect(deriveUid('seed', 'chest/1/study')).toBe(uid);
    expect(deriveUid('seed', 'chest/2/study')).not.toBe(uid);
    expect(deriveUid('other', 'chest/1/study')).not.toBe(uid);
  });

  it('gives valid UIDs under 2.25', () => {
    for (let i = 0; i < 500; i++) {
      const uid = deriveUid(`s${i}`, 'p');
      expect(uid.startsWith('2.25.')).toBe(true);
      expect(isValidUid(uid)).toBe(true);
    }
  });

  it('rejects malformed UIDs', () => {
    expect(isValidUid('1.2.840.10008.1.2.1')).toBe(true);
    expect(isValidUid('1.02.3')).toBe(false);
    expect(isValidUid('1..2')).toBe(false);
    expect(isValidUid('1.2.')).toBe(false);
    expect(isValidUid(`1.${'2'.repeat(63)}`)).toBe(false);
  });
});
