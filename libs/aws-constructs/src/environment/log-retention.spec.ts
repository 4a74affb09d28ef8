import { logRetention } from './log-retention';

describe('logRetention', () => {
  it.each([
    [30, 30],
    [90, 90],
    [2192, 2192],
  ])('accepts %i days', (days, expected) => expect(logRetention(days)).toBe(expected));

  it.each([[0], [31], [2000]])('refuses %i days, which CloudWatch Logs does not offer', (days) => {
    expect(() => logRetention(days)).toThrow(`logRetentionDays ${days} is not a CloudWatch Logs retention`);
  });
});
