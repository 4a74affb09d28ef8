import { parseMultipartRelated } from './content-type';
import { MultipartError } from './multipart-error';
import type { MultipartLimits, MultipartPart } from './read-multipart';
import { readMultipart, splitMultipart } from './read-multipart';

const BOUNDARY = 'b0undary-XYZ';
const LIMITS: MultipartLimits = { maxPartBytes: 1 << 20, maxBodyBytes: 1 << 24 };

function message(parts: { headers?: string[]; body: Buffer }[], { preamble = '', epilogue = '' } = {}): Buffer {
  const pieces: Buffer[] = [Buffer.from(preamble)];
  parts.forEach((p, i) => {
    pieces.push(
      Buffer.from(
        `${i === 0 && !preamble ? '' : '\r\n'}--${BOUNDARY}\r\n${(p.headers ?? ['Content-Type: application/dicom']).map((h) => h + '\r\n').join('')}\r\n`,
      ),
    );
    pieces.push(p.body);
  });
  pieces.push(Buffer.from(`\r\n--${BOUNDARY}--${epilogue}`));
  return Buffer.concat(pieces);
}

async function* chunked(bytes: Buffer, sizes: (i: number) => number): AsyncGenerator<Buffer> {
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const n = Math.max(1, sizes(i));
    yield bytes.subarray(at, at + n);
    at += n;
  }
}

async function collect(source: AsyncIterable<Buffer>, limits = LIMITS): Promise<MultipartPart[]> {
  const parts: MultipartPart[] = [];
  for await (const part of readMultipart(source, BOUNDARY, limits)) parts.push(part);
  return parts;
}

function pseudoRandom(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

describe('readMultipart', () => {
  const rand = pseudoRandom(7);
  // Bodies full of CRLFs, dashes and near-boundaries, the bytes a naive search trips over.
  const bodies = [
    Buffer.from(`\r\n--${BOUNDARY.slice(0, -1)}\r\n--\r\n`),
    Buffer.alloc(0),
    Buffer.from(Array.from({ length: 5000 }, () => Math.floor(rand() * 256))),
    Buffer.from(`--${BOUNDARY}`), // a boundary not preceded by CRLF is content
  ];
  const bytes = message(
    bodies.map((body, i) => ({
      body,
      headers: i === 1 ? [] : ['Content-Type: application/dicom', `Content-ID: <part${i}>`, 'X-Folded: a', '  b'],
    })),
    { preamble: 'This is a preamble.\r\n', epilogue: '\r\nepilogue text' },
  );

  it.each([
    ['one chunk', () => bytes.length],
    ['one byte at a time', () => 1],
    ['chunks of 7', () => 7],
    ['random chunks', () => Math.floor(rand() * 40)],
  ])('yields every part whatever the chunking: %s', async (_name, sizes) => {
    const parts = await collect(chunked(bytes, sizes));
    expect(parts.map((p) => p.body)).toEqual(bodies);
    expect(parts.map((p) => p.index)).toEqual([0, 1, 2, 3]);
    expect(parts[0].headers).toEqual({ 'content-type': 'application/dicom', 'content-id': '<part0>', 'x-folded': 'a b' });
    expect(parts[1].headers).toEqual({});
    expect(parts.every((p) => !p.oversize && p.size === p.body.length)).toBe(true);
  });

  it('reports an oversize part without keeping it, and goes on with the next', async () => {
    const big = Buffer.alloc(3000, 1);
    const parts = await collect(
      chunked(message([{ body: big }, { body: Buffer.from('small') }]), () => 100),
      { ...LIMITS, maxPartBytes: 1000 },
    );
    expect(parts[0]).toMatchObject({ oversize: true, size: 3000, body: Buffer.alloc(0) });
    expect(parts[1]).toMatchObject({ oversize: false, body: Buffer.from('small') });
  });

  it('pulls the source only as parts are asked for (a slow consumer holds the upload back)', async () => {
    let pulled = 0;
    const body = Buffer.alloc(1000, 2);
    const bytes = message(Array.from({ length: 20 }, () => ({ body })));
    async function* source(): AsyncGenerator<Buffer> {
      for (let at = 0; at < bytes.length; at += 100) {
        pulled += 100;
        yield bytes.subarray(at, at + 100);
      }
    }
    const iterator = readMultipart(source(), BOUNDARY, LIMITS);
    await iterator.next();
    expect(pulled).toBeLessThan(2 * 1100);
    await iterator.return(undefined);
  });

  it.each([
    ['no boundary at all', Buffer.from('hello'), 'the body has no multipart boundary', 400],
    ['truncated inside a part', message([{ body: Buffer.from('abc') }]).subarray(0, 60), 'the body ends inside part 0', 400],
    [
      'junk after a boundary',
      Buffer.from(`--${BOUNDARY}junk\r\n\r\nabc\r\n--${BOUNDARY}--`),
      'the boundary is followed by other text',
      400,
    ],
    ['a malformed header', Buffer.from(`--${BOUNDARY}\r\nno colon here\r\n\r\nabc\r\n--${BOUNDARY}--`), 'malformed header line', 400],
    ['an endless header block', Buffer.from(`--${BOUNDARY}\r\nX: ${'a'.repeat(20000)}`), 'header block is longer than', 400],
  ])('refuses %s', async (_name, bytes, reason, status) => {
    const failure = collect(chunked(bytes, () => 13));
    await expect(failure).rejects.toThrow(reason);
    await expect(collect(chunked(bytes, () => 13))).rejects.toMatchObject({ status });
  });

  it('refuses a body over the limit with 413', async () => {
    const bytes = message([{ body: Buffer.alloc(5000) }]);
    await expect(
      collect(
        chunked(bytes, () => 512),
        { ...LIMITS, maxBodyBytes: 2000 },
      ),
    ).rejects.toMatchObject({ status: 413, name: 'MultipartError' });
  });

  it('refuses more parts than allowed with 413', async () => {
    const bytes = message(Array.from({ length: 5 }, () => ({ body: Buffer.from('x') })));
    await expect(
      collect(
        chunked(bytes, () => 50),
        { ...LIMITS, maxParts: 3 },
      ),
    ).rejects.toMatchObject({ status: 413 });
  });
});

describe('parseMultipartRelated', () => {
  it('reads boundary and type, quoted or not', () => {
    expect(parseMultipartRelated('Multipart/Related; type="application/dicom"; boundary="a b:c"; x=";"')).toEqual({
      boundary: 'a b:c',
      type: 'application/dicom',
    });
    expect(parseMultipartRelated('multipart/related;boundary=xyz')).toEqual({ boundary: 'xyz', type: undefined });
  });

  it.each([
    [undefined, 415],
    ['application/dicom', 415],
    ['multipart/form-data; boundary=x', 415],
    ['multipart/related; type="application/dicom"', 400],
    [`multipart/related; boundary=${'x'.repeat(201)}`, 400],
    ['multipart/related; boundary="ab\tc"', 400],
    ['multipart/related; boundary="abc "', 400],
    ['multipart/related; boundary=""', 400],
  ])('refuses %s with %d', (header, status) => {
    let error: unknown;
    try {
      parseMultipartRelated(header);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MultipartError);
    expect((error as MultipartError).status).toBe(status);
  });
});

describe('boundaries longer than RFC 2046 allows (Orthanc 1.10 sends them)', () => {
  const long = `${'0123456789'.repeat(9)}abcdefghij`; // 100 characters

  it.each([
    ['unquoted', `multipart/related; type="application/dicom"; boundary=${long}`],
    ['quoted', `multipart/related; type="application/dicom"; boundary="${long}"`],
  ])('accepts a 100-character boundary, %s, and reads the body with it', async (_name, header) => {
    const { boundary } = parseMultipartRelated(header);
    expect(boundary).toBe(long);
    const body = Buffer.from(`--${long}\r\nContent-Type: application/dicom\r\n\r\nDICM\r\n--${long}--\r\n`);
    const parts: MultipartPart[] = [];
    for await (const part of readMultipart(
      chunked(body, () => 7),
      boundary,
      LIMITS,
    ))
      parts.push(part);
    expect(parts.map((p) => p.body.toString())).toEqual(['DICM']);
  });

  it('accepts up to 200 characters, spaces inside', () => {
    expect(parseMultipartRelated(`multipart/related; boundary="${'a b'.repeat(66)}xy"`).boundary).toHaveLength(200);
  });
});

describe('splitMultipart', () => {
  it('reads a body in memory as the streaming reader does', () => {
    const parts = splitMultipart(message([{ body: Buffer.from('one') }, { body: Buffer.from('two') }]), BOUNDARY);
    expect(parts.map((p) => [p.index, p.headers, p.body.toString()])).toEqual([
      [0, { 'content-type': 'application/dicom' }, 'one'],
      [1, { 'content-type': 'application/dicom' }, 'two'],
    ]);
  });

  it('refuses a body cut short', () => {
    expect(() => splitMultipart(message([{ body: Buffer.from('one') }]).subarray(0, 50), BOUNDARY)).toThrow('the body ends inside part 0');
  });
});
