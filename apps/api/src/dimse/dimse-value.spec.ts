import { singleValue } from './dimse-value';

describe('singleValue: whatever dcmjs-dimse hands back', () => {
  it.each([
    ['1.2.3\0', { value: '1.2.3' }],
    [' TRIAGE  ', { value: 'TRIAGE' }],
    [['1.2.3'], { value: '1.2.3' }],
    [12345, { value: '12345' }],
    [['1.2', '1.3'], { problem: 'UID has 2 values' }],
    [[], { problem: 'UID is missing' }],
    [undefined, { problem: 'UID is missing' }],
    [null, { problem: 'UID is missing' }],
    ['\0', { problem: 'UID is missing' }],
    [Number.NaN, { problem: 'UID is not text' }],
    [{ Alphabetic: 'x' }, { problem: 'UID is not text' }],
  ])('%j -> %j', (raw, expected) => {
    expect(singleValue(raw, 'UID')).toEqual(expected);
  });
});
