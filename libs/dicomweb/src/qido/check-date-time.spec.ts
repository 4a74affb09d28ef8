import { isCalendarDate, isTimeOfDay } from './check-date-time';

describe('isCalendarDate', () => {
  it.each([
    ['20240115', true],
    ['20240229', true],
    ['20000229', true],
    ['20230229', false],
    ['19000229', false],
    ['20240230', false],
    ['20241301', false],
    ['20240001', false],
    ['20240100', false],
    ['20240431', false],
    ['20241231', true],
    ['2024011', false],
    ['2024-01-15', false],
  ])('%s: %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });
});

describe('isTimeOfDay', () => {
  it.each([
    ['00', true],
    ['2359', true],
    ['235960', true],
    ['235959.999999', true],
    ['24', false],
    ['1260', false],
    ['120061', false],
    ['12:00', false],
    ['1', false],
  ])('%s: %s', (value, expected) => {
    expect(isTimeOfDay(value)).toBe(expected);
  });
});
