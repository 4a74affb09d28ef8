// A C-STORE SCU that sends data set bytes exactly as given (dcmjs-dimse and storescu parse and re-encode first): for fuzzing and robustness tests.
import * as net from 'node:net';

/** What one C-STORE over its own association gave. */
export type ScuResult =
  | { kind: 'response'; status: number; comment?: string }
  | { kind: 'rejected'; detail: string }
  | { kind: 'no-response'; detail: string }
  | { kind: 'timeout' };

/** One C-STORE request: the data set bytes exactly as they are to go on the wire. */
export interface StoreRequest {
  host: string;
  port: number;
  calledAe: string;
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  dataset: Uint8Array;
  deadlineMs: number;
}

const APPLICATION_CONTEXT = '1.2.840.10008.3.1.1.1';
const IMPLEMENTATION_CLASS_UID = '1.3.6.1.4.1.99999.7.9';
const OUR_MAX_PDU = 65536;

/**
 * A C-STORE SCU of its own (PS3.7 and PS3.8), one association per instance: it sends the data set
 * bytes as they are, with no parsing or re-encoding on the way (dcmtk's storescu and dcmjs-dimse
 * both read the file first and re-serialise it, which undoes most mutations or refuses to send).
 */
export function storeRaw(request: StoreRequest): Promise<ScuResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: request.host, port: request.port });
    let buffer = Buffer.alloc(0);
    let state: 'associating' | 'storing' | 'releasing' = 'associating';
    let result: ScuResult | undefined;
    let command = Buffer.alloc(0);
    const finish = (r: ScuResult) => {
      result ??= r;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), request.deadlineMs);
    socket.setNoDelay(true);
    socket.on('connect', () => socket.write(associateRq(request)));
    socket.on('error', (error) => finish(result ?? { kind: 'no-response', detail: error.message }));
    socket.on('close', () => finish(result ?? { kind: 'no-response', detail: `the SCP closed the connection while ${state}` }));
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 6) {
        const length = buffer.readUInt32BE(2);
        if (buffer.length < 6 + length) return;
        const type = buffer[0] as number;
        const body = buffer.subarray(6, 6 + length);
        buffer = buffer.subarray(6 + length);
        if (type === 0x02 && state === 'associating') {
          const accepted = acceptedContext(body);
          if (accepted !== true) return finish({ kind: 'rejected', detail: accepted });
          state = 'storing';
          for (const pdu of storePdus(request, maxPdu(body))) socket.write(pdu);
        } else if (type === 0x03) {
          return finish({ kind: 'rejected', detail: `association rejected (result ${body[1]}, source ${body[2]}, reason ${body[3]})` });
        } else if (type === 0x07) {
          return finish(result ?? { kind: 'no-response', detail: `A-ABORT (source ${body[2]}, reason ${body[3]}) while ${state}` });
        } else if (type === 0x04 && state === 'storing') {
          command = Buffer.concat([
            command,
            ...pdvs(body)
              .filter((p) => p.isCommand)
              .map((p) => p.bytes),
          ]);
          if (pdvs(body).some((p) => p.isCommand && p.isLast)) {
            result = parseResponse(command);
            state = 'releasing';
            socket.write(pdu(0x05, Buffer.alloc(4)));
          }
        } else if (type === 0x06) {
          return finish(result ?? { kind: 'no-response', detail: 'released before a response' });
        }
      }
    });
  });
}

function pdu(type: number, body: Buffer): Buffer {
  const header = Buffer.alloc(6);
  header[0] = type;
  header.writeUInt32BE(body.length, 2);
  return Buffer.concat([header, body]);
}

function item(type: number, body: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header[0] = type;
  header.writeUInt16BE(body.length, 2);
  return Buffer.concat([header, body]);
}

function aeTitle(title: string): Buffer {
  return Buffer.from(title.padEnd(16, ' ').slice(0, 16), 'latin1');
}

function associateRq(request: StoreRequest): Buffer {
  const head = Buffer.alloc(68);
  head.writeUInt16BE(1, 0);
  aeTitle(request.calledAe).copy(head, 4);
  aeTitle('FUZZ').copy(head, 20);
  const maxLength = Buffer.alloc(4);
  maxLength.writeUInt32BE(OUR_MAX_PDU);
  return pdu(
    0x01,
    Buffer.concat([
      head,
      item(0x10, Buffer.from(APPLICATION_CONTEXT)),
      item(
        0x20,
        Buffer.concat([
          Buffer.from([1, 0, 0, 0]),
          item(0x30, Buffer.from(request.sopClassUid, 'latin1')),
          item(0x40, Buffer.from(request.transferSyntaxUid, 'latin1')),
        ]),
      ),
      item(0x50, Buffer.concat([item(0x51, maxLength), item(0x52, Buffer.from(IMPLEMENTATION_CLASS_UID))])),
    ]),
  );
}

/** Items of an A-ASSOCIATE-AC after its fixed 68 bytes. */
function* items(body: Buffer, from: number): Generator<{ type: number; value: Buffer }> {
  let offset = from;
  while (offset + 4 <= body.length) {
    const length = body.readUInt16BE(offset + 2);
    yield { type: body[offset] as number, value: body.subarray(offset + 4, offset + 4 + length) };
    offset += 4 + length;
  }
}

function acceptedContext(body: Buffer): true | string {
  for (const it of items(body, 68))
    if (it.type === 0x21) return it.value[2] === 0 ? true : `presentation context refused (result ${it.value[2]})`;
  return 'no presentation context in the A-ASSOCIATE-AC';
}

function maxPdu(body: Buffer): number {
  for (const it of items(body, 68))
    if (it.type === 0x50)
      for (const sub of items(it.value, 0)) if (sub.type === 0x51 && sub.value.length >= 4) return sub.value.readUInt32BE(0) || OUR_MAX_PDU;
  return 16384;
}

function element(group: number, element: number, value: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt16LE(group, 0);
  header.writeUInt16LE(element, 2);
  header.writeUInt32LE(value.length, 4);
  return Buffer.concat([header, value]);
}

function uid(text: string): Buffer {
  const bytes = Buffer.from(text, 'latin1');
  return bytes.length % 2 === 0 ? bytes : Buffer.concat([bytes, Buffer.from([0])]);
}

function us(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}

/** The C-STORE-RQ command set (implicit VR little endian, as every command set is). */
function storeCommand(request: StoreRequest): Buffer {
  const rest = Buffer.concat([
    element(0x0000, 0x0002, uid(request.sopClassUid)),
    element(0x0000, 0x0100, us(0x0001)),
    element(0x0000, 0x0110, us(1)),
    element(0x0000, 0x0700, us(0)),
    element(0x0000, 0x0800, us(0x0000)),
    element(0x0000, 0x1000, uid(request.sopInstanceUid)),
  ]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(rest.length);
  return Buffer.concat([element(0x0000, 0x0000, length), rest]);
}

/** The command, then the data set in fragments that fit the SCP's maximum PDU length. */
function storePdus(request: StoreRequest, max: number): Buffer[] {
  const fragment = Math.max(256, Math.min(max, OUR_MAX_PDU) - 6);
  const pdv = (bytes: Buffer, control: number) => {
    const header = Buffer.alloc(6);
    header.writeUInt32BE(bytes.length + 2, 0);
    header[4] = 1;
    header[5] = control;
    return pdu(0x04, Buffer.concat([header, bytes]));
  };
  const out = [pdv(storeCommand(request), 0x03)];
  const data = Buffer.from(request.dataset);
  if (data.length === 0) out.push(pdv(data, 0x02));
  for (let offset = 0; offset < data.length; offset += fragment) {
    const last = offset + fragment >= data.length;
    out.push(pdv(data.subarray(offset, offset + fragment), last ? 0x02 : 0x00));
  }
  return out;
}

function pdvs(body: Buffer): { isCommand: boolean; isLast: boolean; bytes: Buffer }[] {
  const out: { isCommand: boolean; isLast: boolean; bytes: Buffer }[] = [];
  let offset = 0;
  while (offset + 6 <= body.length) {
    const length = body.readUInt32BE(offset);
    const control = body[offset + 5] as number;
    out.push({ isCommand: (control & 1) === 1, isLast: (control & 2) === 2, bytes: body.subarray(offset + 6, offset + 4 + length) });
    offset += 4 + length;
  }
  return out;
}

/** Status (0000,0900) and Error Comment (0000,0902) of a C-STORE-RSP command set. */
function parseResponse(command: Buffer): ScuResult {
  let offset = 0;
  let status: number | undefined;
  let comment: string | undefined;
  while (offset + 8 <= command.length) {
    const tag = command.readUInt32LE(offset);
    const length = command.readUInt32LE(offset + 4);
    const value = command.subarray(offset + 8, offset + 8 + length);
    // The group is the low half when read as one little-endian 32-bit number: (0000,0900) is 0x09000000.
    if (tag === 0x09000000 && value.length >= 2) status = value.readUInt16LE(0);
    if (tag === 0x09020000) comment = value.toString('latin1').replace(/[\0 ]+$/, '');
    offset += 8 + length;
  }
  return status === undefined ? { kind: 'no-response', detail: 'a response without a Status' } : { kind: 'response', status, comment };
}
