import { parseRoute, routeHash, type Route } from './routes';

describe('routes', () => {
  it('parses every page from its hash and writes the same hash back; unknown hashes are the worklist', () => {
    const table: { hash: string; route: Route; back?: string }[] = [
      { hash: '#/sign-in', route: { page: 'sign-in' } },
      { hash: '#/worklist', route: { page: 'worklist' } },
      { hash: '#/audit', route: { page: 'audit' } },
      { hash: '#/study/abc.123', route: { page: 'study', imageSetId: 'abc.123' } },
      { hash: '#/pipelines', route: { page: 'pipelines' } },
      { hash: '#/pipelines/k2m4x9q1w7e3', route: { page: 'pipeline', executionId: 'k2m4x9q1w7e3' } },
      { hash: '#/models', route: { page: 'models' } },
      { hash: '#/models/triage-chest-xray', route: { page: 'models', group: 'triage-chest-xray' } },
      { hash: '#/models/triage-chest-xray/12', route: { page: 'model', group: 'triage-chest-xray', version: 12 } },
      { hash: '#/models/bad_name/1', route: { page: 'worklist' }, back: '#/worklist' },
      { hash: '#/pipelines/UPPER', route: { page: 'worklist' }, back: '#/worklist' },
      { hash: '#/models/x/1/extra', route: { page: 'worklist' }, back: '#/worklist' },
      { hash: '', route: { page: 'worklist' }, back: '#/worklist' },
    ];
    expect(table.map(({ hash }) => ({ hash, route: parseRoute(hash), back: routeHash(parseRoute(hash)) }))).toEqual(
      table.map(({ hash, route, back }) => ({ hash, route, back: back ?? hash })),
    );
  });
});
