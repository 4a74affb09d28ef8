import { parseQidoQuery, QidoParameterError } from './parse-qido-query';

function refusal(raw: Record<string, string | string[]>, level: 'studies' | 'series' | 'instances' = 'studies'): [string, string] {
  try {
    parseQidoQuery(level, raw);
  } catch (error) {
    if (error instanceof QidoParameterError) return [error.parameter, error.message];
    throw error;
  }
  throw new Error('not refused');
}

describe('parseQidoQuery', () => {
  it('reads matching keys by keyword and tag, lists, paging and includefield into a typed query', () => {
    expect(
      parseQidoQuery(
        'series',
        {
          PatientName: 'DOE*',
          '00080020': '20240101-20240131',
          StudyInstanceUID: ['1.2.3,1.2.4', '1.2.5'],
          Modality: 'CT,MR',
          PatientID: '',
          limit: '20',
          offset: '40',
          includefield: ['SeriesDescription,00280010', '00091010'],
        },
        { studyInstanceUid: '1.2' },
      ),
    ).toEqual({
      query: {
        level: 'series',
        studyInstanceUid: '1.2',
        match: {
          PatientName: ['DOE*'],
          StudyDate: ['20240101-20240131'],
          StudyInstanceUID: ['1.2.3', '1.2.4', '1.2.5'],
          Modality: ['CT', 'MR'],
        },
        includeField: ['PatientID', 'SeriesDescription', 'Rows', '00091010'],
        limit: 20,
        offset: 40,
      },
      warnings: [],
    });
  });

  it.each([
    [{ limit: '20000' }, 10000, ['299 - "limit 20000 is above the maximum: at most 10000 results are returned"']],
    [{ fuzzymatching: 'true' }, 1000, ['299 - "fuzzymatching is not supported: matching is exact"']],
    [{ fuzzymatching: 'false', includefield: 'all' }, 1000, []],
  ])('%j: limit %d, warnings %j', (raw, limit, warnings) => {
    const parsed = parseQidoQuery('studies', raw);
    expect(parsed.query.limit).toBe(limit);
    expect(parsed.warnings).toEqual(warnings);
  });

  it.each([
    [{ StudyDate: '20240101' }, ['20240101']],
    [{ StudyDate: '20240229' }, ['20240229']],
    [{ StudyDate: '-20241231' }, ['-20241231']],
    [{ StudyDate: '20240101-' }, ['20240101-']],
    [{ StudyTime: '0800-123000.5' }, ['0800-123000.5']],
  ])('accepts the date or time %j', (raw, values) => {
    expect(Object.values(parseQidoQuery('studies', raw).query.match)).toEqual([values]);
  });

  it.each([
    [
      { StudyDate: '20241301' },
      'StudyDate',
      'StudyDate="20241301" is not a date YYYYMMDD or a range YYYYMMDD-YYYYMMDD (either end may be left open): 20241301 is not a day of the calendar',
    ],
    [
      { StudyDate: '20240230' },
      'StudyDate',
      'StudyDate="20240230" is not a date YYYYMMDD or a range YYYYMMDD-YYYYMMDD (either end may be left open): 20240230 is not a day of the calendar',
    ],
    [
      { StudyDate: '20230229-20230301' },
      'StudyDate',
      'StudyDate="20230229-20230301" is not a date YYYYMMDD or a range YYYYMMDD-YYYYMMDD (either end may be left open): 20230229 is not a day of the calendar',
    ],
    [
      { PatientBirthDate: '-19991232' },
      'PatientBirthDate',
      'PatientBirthDate="-19991232" is not a date YYYYMMDD or a range YYYYMMDD-YYYYMMDD (either end may be left open): 19991232 is not a day of the calendar',
    ],
    [
      { StudyDate: '20240101-20240131-20240201' },
      'StudyDate',
      'StudyDate="20240101-20240131-20240201" is not a date YYYYMMDD or a range YYYYMMDD-YYYYMMDD (either end may be left open)',
    ],
    [{ StudyDate: '-' }, 'StudyDate', 'StudyDate="-" is not a date YYYYMMDD or a range YYYYMMDD-YYYYMMDD (either end may be left open)'],
    [
      { StudyDate: '20240201-20240101' },
      'StudyDate',
      'StudyDate="20240201-20240101" is not a date YYYYMMDD or a range YYYYMMDD-YYYYMMDD (either end may be left open)',
    ],
    [{ StudyTime: '2500' }, 'StudyTime', 'StudyTime="2500" is not a time HHMMSS.FFFFFF or a range of them: 2500 is not a time of day'],
    [
      { StudyTime: '1000-1261' },
      'StudyTime',
      'StudyTime="1000-1261" is not a time HHMMSS.FFFFFF or a range of them: 1261 is not a time of day',
    ],
    [{ StudyTime: '10:00' }, 'StudyTime', 'StudyTime="10:00" is not a time HHMMSS.FFFFFF or a range of them'],
  ])('refuses the impossible or malformed %j', (raw, parameter, message) => {
    expect(refusal(raw)).toEqual([parameter, message]);
  });

  it.each([
    [{ Foo: 'bar' }, 'Foo'],
    [{ SeriesNumber: '1' }, 'SeriesNumber'],
    [{ StudyInstanceUID: '1.2.abc' }, 'StudyInstanceUID'],
    [{ limit: '0' }, 'limit'],
    [{ offset: ['1', '2'] }, 'offset'],
    [{ includefield: 'NotAKeyword' }, 'includefield'],
    [{ PatientName: ['A', 'B'] }, 'PatientName'],
    [{ ModalitiesInStudy: 'ct' }, 'ModalitiesInStudy'],
  ])('refuses %j naming %s', (raw, parameter) => {
    expect(refusal(raw)[0]).toBe(parameter);
  });
});
