import { Readable } from 'node:stream';
import { splitMultipart } from './read-multipart';
import { multipartRelatedType, multipartStream, newBoundary, writeMultipart } from './write-multipart';

async function bytesOf(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe('writeMultipart', () => {
  it('frames whole and streamed parts exactly, with Content-Location when given', async () => {
    const parts = [
      { contentType: 'application/dicom', body: Buffer.from('DICM\r\n--x') },
      { contentType: 'image/jph', contentLocation: '/frames/1', body: Readable.from([Buffer.from('ab'), Buffer.from('cd')]) },
    ];
    const counted: number[] = [];
    const body = await bytesOf(writeMultipart('b', parts, (n) => counted.push(n)));
    expect(body.toString('latin1')).toBe(
      '--b\r\nContent-Type: application/dicom\r\n\r\nDICM\r\n--x\r\n' +
        '--b\r\nContent-Type: image/jph\r\nContent-Location: /frames/1\r\n\r\nabcd\r\n' +
        '--b--\r\n',
    );
    expect(counted).toEqual([9, 2, 2]);
  });

  it('writes what the reader reads back, part for part', async () => {
    const boundary = newBoundary();
    const bodies = [Buffer.alloc(0), Buffer.from(`\r\n--${boundary.slice(0, -1)}`), Buffer.alloc(3000, 7)];
    const stream = multipartStream(
      boundary,
      bodies.map((body) => ({ contentType: 'application/octet-stream', body })),
    );
    const parts = splitMultipart(await bytesOf(stream), boundary);
    expect(parts.map((p) => p.body)).toEqual(bodies);
  });
});

describe('multipartRelatedType', () => {
  it.each([
    ['application/dicom', undefined, 'multipart/related; type="application/dicom"; boundary=B'],
    ['application/dicom', '*', 'multipart/related; type="application/dicom"; boundary=B'],
    ['image/jph', '1.2.840.10008.1.2.4.202', 'multipart/related; type="image/jph"; transfer-syntax=1.2.840.10008.1.2.4.202; boundary=B'],
  ])('%s with transfer syntax %s', (type, ts, expected) => {
    expect(multipartRelatedType('B', type, ts)).toBe(expected);
  });
});

describe('newBoundary', () => {
  it.each([
    [undefined, 39],
    [12, 31],
  ])('with %s random bytes is %d characters, fresh each time', (bytes, length) => {
    const a = newBoundary(bytes);
    expect(a).toMatch(/^triage-[0-9a-f]+$/);
    expect(a).toHaveLength(length);
    expect(newBoundary(bytes)).not.toBe(a);
  });
});
