import { hashUid } from '@triage/dicom';
import { deriveUid } from './derive-uid';

describe('deriveUid', () => {
  it('names one UID per seed and path, under the sample-data namespace', () => {
    expect(deriveUid('seed', 'chest/1/study')).toBe(hashUid(['triage-sample-data', 'seed', 'chest/1/study']));
    expect(deriveUid('seed', 'chest/2/study')).not.toBe(deriveUid('seed', 'chest/1/study'));
    expect(deriveUid('other', 'chest/1/study')).not.toBe(deriveUid('seed', 'chest/1/study'));
  });
});
