import { parseProblem, problem } from './problem';

describe('problem', () => {
  it.each([
    [
      [400, 'query parameter StudyDate: bad'],
      { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'query parameter StudyDate: bad' },
    ],
    [[409, 'refused', 'Instance refused'], { type: 'about:blank', title: 'Instance refused', status: 409, detail: 'refused' }],
    [[599], { type: 'about:blank', title: 'Error', status: 599 }],
  ] as [[number, string?, string?], object][])('%j', (args, expected) => {
    expect(problem(...args)).toEqual(expected);
  });
});

describe('parseProblem', () => {
  it.each([
    [
      'application/problem+json',
      JSON.stringify(problem(404, 'gone')),
      { type: 'about:blank', title: 'Not Found', status: 404, detail: 'gone' },
    ],
    ['application/json; charset=utf-8', '{"detail":"x"}', { detail: 'x' }],
    ['application/problem+json', 'not json', undefined],
    ['application/problem+json', '[1]', undefined],
    ['text/html', '<h1>500</h1>', undefined],
    [undefined, '{"detail":"x"}', undefined],
  ])('%s %s', (contentType, body, expected) => {
    expect(parseProblem(contentType, body)).toEqual(expected);
  });
});
