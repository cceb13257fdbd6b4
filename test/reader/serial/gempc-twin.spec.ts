import { expect } from 'chai';
import fc from 'fast-check';
import { parseHex, toHex } from '../../../src/core/hex.ts';
import { encodeCcid } from '../../../src/reader/ccid/message.ts';
import { ReaderProtocolError } from '../../../src/reader/errors.ts';
import {
  frameMessage,
  GemPcTwinDecoder,
  lrc,
  NAK_FRAME,
  type SerialEvent,
  SerialLrcError,
} from '../../../src/reader/serial/gempc-twin.ts';

const ccidMessage = fc
  .record({
    type: fc.integer({ min: 0, max: 255 }),
    slot: fc.integer({ min: 0, max: 255 }),
    seq: fc.integer({ min: 0, max: 255 }),
    specific: fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })),
    data: fc.uint8Array({ maxLength: 261 }),
  })
  .map(encodeCcid);

/** Bytes that mean nothing outside a frame: not 03 (SYNC), not 50 (card movement), not 80..FF (time request). */
const noise = fc.uint8Array({ min: 0, max: 0x7f, maxLength: 20 }).map((bytes) => bytes.filter((b) => b !== 0x03 && b !== 0x50));

/** Splits bytes at the given cut points. */
function chunks(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    out.push(bytes.subarray(start, point));
    start = point;
  }
  return out;
}

function feed(decoder: GemPcTwinDecoder, parts: Uint8Array[]): SerialEvent[] {
  return parts.flatMap((part) => decoder.push(part));
}

const messages = (events: SerialEvent[]) => events.flatMap((event) => (event.kind === 'message' ? [toHex(event.message)] : []));

describe('GemPC Twin serial framing (libccid src/ccid_serial.c)', () => {
  it('frames a message as 03 06 <message> LRC, LRC = XOR of all bytes before it', () => {
    // GetSlotStatus, slot 0, bSeq 0: 03 ^ 06 ^ 65 = 60 (the other bytes are 00).
    const frame = frameMessage(parseHex('65 00 00 00 00 00 00 00 00 00'));
    expect(toHex(frame)).to.equal('03 06 65 00 00 00 00 00 00 00 00 00 60');
    expect(lrc(frame)).to.equal(0); // XOR over the whole frame, LRC included, is 0
  });

  it('has the NAK frame 03 15 16 (its LRC is 03 ^ 15)', () => {
    expect(toHex(NAK_FRAME)).to.equal('03 15 16');
    expect(new GemPcTwinDecoder().push(NAK_FRAME)).to.deep.equal([{ kind: 'nak' }]);
  });

  it('decodes any message framed and fed in any chunks to the same message', () => {
    fc.assert(
      fc.property(fc.array(ccidMessage, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 12 }), (list, cuts) => {
        const stream = Uint8Array.from(list.flatMap((message) => [...frameMessage(message)]));
        const events = feed(new GemPcTwinDecoder(), chunks(stream, cuts));
        expect(events.map((event) => event.kind)).to.deep.equal(list.map(() => 'message'));
        expect(messages(events)).to.deep.equal(list.map((message) => toHex(message)));
      }),
    );
  });

  it('skips garbage before a frame, reporting the skipped bytes, and still decodes the frame', () => {
    fc.assert(
      fc.property(noise.filter((bytes) => bytes.length > 0), ccidMessage, fc.array(fc.nat(), { maxLength: 6 }), (garbage, message, cuts) => {
        const stream = Uint8Array.from([...garbage, ...frameMessage(message)]);
        const events = feed(new GemPcTwinDecoder(), chunks(stream, cuts));
        expect(messages(events)).to.deep.equal([toHex(message)]);
        const skipped = events.flatMap((event) => (event.kind === 'garbage' ? [...event.error.bytes] : []));
        expect(toHex(Uint8Array.from(skipped))).to.equal(toHex(garbage));
      }),
    );
  });

  it('reports a bad LRC as SerialLrcError carrying the whole frame, then goes on with the next frame', () => {
    const good = frameMessage(parseHex('81 00 00 00 00 00 07 01 00 00'));
    const bad = frameMessage(parseHex('80 02 00 00 00 00 08 00 00 00 90 00'));
    bad[bad.length - 1]! ^= 0xff;
    const events = new GemPcTwinDecoder().push(Uint8Array.from([...bad, ...good]));
    expect(events.map((event) => event.kind)).to.deep.equal(['bad-lrc', 'message']);
    const error = (events[0] as Extract<SerialEvent, { kind: 'bad-lrc' }>).error;
    expect(error).to.be.instanceOf(SerialLrcError).and.instanceOf(ReaderProtocolError);
    expect(toHex(error.bytes)).to.equal(toHex(bad));
    // 03 ^ 06 ^ 80 ^ 02 ^ 08 ^ 90 = 1F, flipped to E0 above.
    expect(error.message).to.match(/LRC is E0, the bytes give 1F/);
  });

  it('reads card movement 50 02 (absent) and 50 03 (present) between frames', () => {
    const answer = frameMessage(parseHex('81 00 00 00 00 00 01 01 00 00'));
    const events = new GemPcTwinDecoder().push(Uint8Array.from([0x50, 0x03, ...answer, 0x50, 0x02]));
    expect(events.map((event) => (event.kind === 'card-movement' ? `50 ${event.state}` : event.kind))).to.deep.equal(['50 3', 'message', '50 2']);
  });

  it('reads a byte 80..FF outside a frame as a T=0 time request, as ReadSerial does', () => {
    const events = new GemPcTwinDecoder().push(parseHex('80 FF'));
    expect(events).to.deep.equal([
      { kind: 'time-request', value: 0x80 },
      { kind: 'time-request', value: 0xff },
    ]);
  });

  it('waits for the rest of a frame split anywhere, keeping the pending bytes', () => {
    const decoder = new GemPcTwinDecoder();
    const frame = frameMessage(parseHex('80 01 00 00 00 00 02 00 00 00 AA'));
    expect(decoder.push(frame.subarray(0, 7))).to.deep.equal([]);
    expect(decoder.pending).to.equal(7);
    expect(messages(decoder.push(frame.subarray(7)))).to.deep.equal(['80 01 00 00 00 00 02 00 00 00 AA']);
    expect(decoder.pending).to.equal(0);
  });

  it('takes 03 06 with a dwLength above the maximum for garbage and resynchronises on the real frame', () => {
    const real = frameMessage(parseHex('81 00 00 00 00 00 00 02 00 00'));
    const fake = parseHex('03 06 80 FF FF 00 00'); // dwLength 0xFFFF80: no reader sends that
    const events = new GemPcTwinDecoder({ maxMessageLength: 271 }).push(Uint8Array.from([...fake, ...real]));
    expect(messages(events)).to.deep.equal([toHex(real.subarray(2, -1))]);
  });

  it('refuses 03 followed by anything but 06 or 15, as ReadSerial does, and rescans after the 03', () => {
    const real = frameMessage(parseHex('81 00 00 00 00 00 00 02 00 00'));
    const events = new GemPcTwinDecoder().push(Uint8Array.from([0x03, 0x07, ...real]));
    expect(events[0]!.kind).to.equal('garbage');
    expect(messages(events)).to.have.length(1);
  });
});
