import { FailureStatus, stowResponse, stowStatus, UNCHANGED_COMMENT } from './build-stow-response';
import { describeFailure, parseStowResponse } from './read-stow-response';

describe('stowStatus', () => {
  it.each([
    [2, 0, 200],
    [1, 1, 202],
    [0, 2, 409],
  ])('%d stored, %d failed: %d', (stored, failed, status) => {
    expect(stowStatus(stored, failed)).toBe(status);
  });
});

describe('STOW-RS answers, built by the server and read by the client', () => {
  const dataset = stowResponse(
    [
      { sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: '1.2.3.1', retrieveUrl: 'http://h/dicomweb/studies/1.2.3' },
      { sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: '1.2.3.2', retrieveUrl: 'http://h/x', unchanged: true },
    ],
    [
      { failureReason: FailureStatus.CannotUnderstand, reason: 'part 3: not a readable DICOM instance' },
      { sopInstanceUid: '1.2.3.4', sopClassUid: '1.2.3', failureReason: FailureStatus.OutOfResources, reason: 'part 4: too big' },
    ],
    'http://h/dicomweb/studies/1.2.3',
  );

  it('builds the PS3.18 Table 10.5.3-3 data set', () => {
    expect(dataset).toEqual({
      '00081190': { vr: 'UR', Value: ['http://h/dicomweb/studies/1.2.3'] },
      '00081198': {
        vr: 'SQ',
        Value: [
          {
            '00081150': { vr: 'UI' },
            '00081155': { vr: 'UI' },
            '00081197': { vr: 'US', Value: [0xc000] },
            '00000902': { vr: 'LO', Value: ['part 3: not a readable DICOM instance'] },
          },
          {
            '00081150': { vr: 'UI', Value: ['1.2.3'] },
            '00081155': { vr: 'UI', Value: ['1.2.3.4'] },
            '00081197': { vr: 'US', Value: [0xa700] },
            '00000902': { vr: 'LO', Value: ['part 4: too big'] },
          },
        ],
      },
      '00081199': {
        vr: 'SQ',
        Value: [
          {
            '00081150': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
            '00081155': { vr: 'UI', Value: ['1.2.3.1'] },
            '00081190': { vr: 'UR', Value: ['http://h/dicomweb/studies/1.2.3'] },
          },
          {
            '00081150': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
            '00081155': { vr: 'UI', Value: ['1.2.3.2'] },
            '00081190': { vr: 'UR', Value: ['http://h/x'] },
            '00000902': { vr: 'LO', Value: [UNCHANGED_COMMENT] },
          },
        ],
      },
    });
  });

  it('reads back what it built: stored, unchanged, and each refusal with its reason', () => {
    const result = parseStowResponse(JSON.parse(JSON.stringify(dataset)));
    expect(result).toEqual({
      accepted: [
        { sopInstanceUid: '1.2.3.1', unchanged: false },
        { sopInstanceUid: '1.2.3.2', unchanged: true },
      ],
      failed: [
        { sopInstanceUid: undefined, failureReason: 0xc000, comment: 'part 3: not a readable DICOM instance' },
        { sopInstanceUid: '1.2.3.4', failureReason: 0xa700, comment: 'part 4: too big' },
      ],
    });
    expect(result?.failed.map(describeFailure)).toEqual([
      'part 3: not a readable DICOM instance (FailureReason 0xC000)',
      'part 4: too big (FailureReason 0xA700)',
    ]);
  });

  it.each([
    [{}, undefined],
    [[], undefined],
    ['text', undefined],
    [
      [{ '00081199': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['9.9'] } }] } }],
      { accepted: [{ sopInstanceUid: '9.9', unchanged: false }], failed: [] },
    ],
  ])('reads %j as %j', (json, expected) => {
    expect(parseStowResponse(json)).toEqual(expected);
  });

  it.each([
    [{ failureReason: 0x0122 }, 'SOP class not supported (FailureReason 0x0122)'],
    [{ failureReason: 0x9999 }, 'no reason given (FailureReason 0x9999)'],
    [{ comment: 'said so' }, 'said so'],
    [{}, 'no reason given'],
  ])('describes %j as %s', (failure, text) => {
    expect(describeFailure(failure)).toBe(text);
  });
});
