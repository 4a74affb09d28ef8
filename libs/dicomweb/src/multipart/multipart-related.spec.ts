import { multipartRelated } from './multipart-related';

describe('multipartRelated', () => {
  it('frames each part with the boundary its Content-Type names, bytes untouched, each part typed', () => {
    const dicom = new Uint8Array([0x44, 0x49, 0x43, 0x4d, 0x0d, 0x0a, 0x2d, 0x2d]);
    const text = Buffer.from('not dicom');
    const { body, contentType } = multipartRelated([dicom, { bytes: text, contentType: 'text/plain' }]);
    const boundary = /^multipart\/related; type="application\/dicom"; boundary=(triage-[0-9a-f]{24})$/.exec(contentType)?.[1];
    expect(boundary).toBeDefined();
    const expected = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
      Buffer.from(dicom),
      Buffer.from('\r\n'),
      Buffer.from(`--${boundary}\r\nContent-Type: text/plain\r\n\r\n`),
      text,
      Buffer.from('\r\n'),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
    expect(body.equals(expected)).toBe(true);
  });

  it('names the body type it is given', () => {
    expect(multipartRelated([], 'image/jph').contentType).toMatch(/^multipart\/related; type="image\/jph"; boundary=/);
  });
});
