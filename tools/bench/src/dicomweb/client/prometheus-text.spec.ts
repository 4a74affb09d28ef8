import { eventLoopDelay, mergeDelays, parsePrometheusText, transcodeBacklog } from './prometheus-text';

const EXPOSITION = [
  '# HELP triage_nodejs_eventloop_lag_p50_seconds The 50th percentile of the recorded event loop delays.',
  '# TYPE triage_nodejs_eventloop_lag_p50_seconds gauge',
  'triage_nodejs_eventloop_lag_p50_seconds 0.010125',
  'triage_nodejs_eventloop_lag_p99_seconds 0.025',
  'triage_nodejs_eventloop_lag_max_seconds 0.125 1700000000000',
  '',
  'triage_http_requests_total{method="GET",route="/a b}",status="200"} 42',
  'triage_http_requests_total{method="GET",route="say \\"}\\"",status="200"} 3',
  'triage_up +Inf',
  'triage_down NaN',
  'not a sample',
].join('\n');

describe('parsePrometheusText', () => {
  it('keys samples by series as written and reads every value form', () => {
    expect([...parsePrometheusText(EXPOSITION)]).toEqual([
      ['triage_nodejs_eventloop_lag_p50_seconds', 0.010125],
      ['triage_nodejs_eventloop_lag_p99_seconds', 0.025],
      ['triage_nodejs_eventloop_lag_max_seconds', 0.125],
      ['triage_http_requests_total{method="GET",route="/a b}",status="200"}', 42],
      ['triage_http_requests_total{method="GET",route="say \\"}\\"",status="200"}', 3],
      ['triage_up', Infinity],
      ['triage_down', NaN],
    ]);
  });
});

describe('eventLoopDelay', () => {
  it('turns the seconds into milliseconds', () => {
    expect(eventLoopDelay(parsePrometheusText(EXPOSITION))).toEqual({ p50Ms: 10.125, p99Ms: 25, maxMs: 125 });
  });

  it('is undefined without the default metrics or under another prefix', () => {
    expect(eventLoopDelay(parsePrometheusText('triage_up 1'))).toBeUndefined();
    expect(eventLoopDelay(parsePrometheusText(EXPOSITION), 'other_')).toBeUndefined();
  });
});

describe('transcodeBacklog', () => {
  it.each([
    ['triage_transcode_backlog_frames 17', 17],
    ['triage_transcode_backlog_frames 0', 0],
    ['triage_transcode_backlog_frames{datastore="a"} 3\ntriage_transcode_backlog_frames{datastore="b"} 4', 7],
    ['triage_transcode_backlog_frames_total 5', undefined],
    ['', undefined],
  ])('of %j is %j', (text, expected) => {
    expect(transcodeBacklog(parsePrometheusText(text))).toBe(expected);
  });
});

describe('mergeDelays', () => {
  it.each([
    [[], undefined],
    [[{ p50Ms: 10, p99Ms: 20, maxMs: 30 }], { p50Ms: 10, p99Ms: 20, maxMs: 30 }],
    [
      [
        { p50Ms: 10, p99Ms: 20, maxMs: 90 },
        { p50Ms: 12, p99Ms: 40, maxMs: 41 },
      ],
      { p50Ms: 11, p99Ms: 40, maxMs: 90 },
    ],
    [
      [
        { p50Ms: 13, p99Ms: 1, maxMs: 1 },
        { p50Ms: 10, p99Ms: 2, maxMs: 2 },
        { p50Ms: 11, p99Ms: 3, maxMs: 3 },
      ],
      { p50Ms: 11, p99Ms: 3, maxMs: 3 },
    ],
  ])('of %j is %j', (delays, expected) => {
    expect(mergeDelays(delays)).toEqual(expected);
  });
});
