import { concatBytes } from '../../../../src/core/hex.ts';
import type { Random } from '../../../../src/core/random.ts';
import { TXCODES } from './fuzz-base.ts';

/**
 * The ways a fuzz case spoils a valid request [bank-interface §1, §2]: inside the body (the frame stays
 * whole) or in the byte stream (the framing cannot follow it). Each entry has a weight and draws only
 * from the Random it is given, so a (seed, index) pair always gives the same bytes.
 */

const latin1 = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));
const SEP = 0x7c; // '|'

export const pick = <T>(random: Random, items: readonly T[]): T => items[random.int(0, items.length - 1)]!;
const splitFields = (body: Uint8Array): string[] => Buffer.from(body).toString('latin1').split('|');
const joinFields = (parts: readonly string[]): Uint8Array => latin1(parts.join('|'));

function insertAt(body: Uint8Array, at: number, bytes: Uint8Array): Uint8Array {
  return concatBytes(body.subarray(0, at), bytes, body.subarray(at));
}

/** A field index of the body that is not the empty tail after the last separator. */
const fieldIndex = (random: Random, parts: readonly string[]): number => random.int(0, Math.max(0, parts.length - 2));

export type BodyMutation = (body: Uint8Array, random: Random, maxBody: number) => Uint8Array;

/** Mutations that keep a whole frame: the prefix will be the mutated body's length. */
export const BODY_MUTATIONS: Readonly<Record<string, [weight: number, mutate: BodyMutation]>> = {
  valid: [8, (body) => body],
  flipBytes: [
    12,
    (body, random) => {
      const out = Uint8Array.from(body);
      for (let i = random.int(1, 3); i > 0 && out.length > 0; i--) out[random.int(0, out.length - 1)] = random.int(0, 255);
      return out;
    },
  ],
  truncateField: [
    8,
    (body, random) => {
      const parts = splitFields(body);
      const i = fieldIndex(random, parts);
      parts[i] = parts[i]!.slice(0, random.int(0, Math.max(0, parts[i]!.length - 1)));
      return joinFields(parts);
    },
  ],
  lengthenField: [
    6,
    (body, random) => {
      const parts = splitFields(body);
      const i = fieldIndex(random, parts);
      parts[i] = parts[i]! + pick(random, ['9', 'A', ' ', '0']).repeat(random.int(1, 40));
      return joinFields(parts);
    },
  ],
  extraSeparators: [6, (body, random) => insertAt(body, random.int(0, body.length), latin1('|'.repeat(random.int(1, 3))))],
  missingSeparator: [
    6,
    (body, random) => {
      const at = [...body.keys()].filter((i) => body[i] === SEP);
      const drop = at.length > 0 ? pick(random, at) : 0;
      return concatBytes(body.subarray(0, drop), body.subarray(drop + 1));
    },
  ],
  nonAscii: [
    6,
    (body, random) => {
      if (random.int(0, 1) === 0) return insertAt(body, random.int(0, body.length), Uint8Array.from(Buffer.from(pick(random, ['张三', '€', '\u00e9', '\ufffd']), 'utf8')));
      const out = Uint8Array.from(body);
      for (let i = random.int(1, 3); i > 0 && out.length > 0; i--) out[random.int(0, out.length - 1)] = random.int(0x80, 0xff);
      return out;
    },
  ],
  controlChars: [3, (body, random) => insertAt(body, random.int(0, body.length), latin1(pick(random, ['\r', '\n', '\r\n', '\0', '\t', '\x7f'])))],
  emptyBody: [2, () => new Uint8Array(0)],
  randomBody: [5, (_, random) => random.bytes(random.int(1, 120))],
  extraFields: [3, (body, random) => concatBytes(body, latin1('X|'.repeat(random.int(1, 5))))],
  missingFields: [
    3,
    (body, random) => {
      const parts = splitFields(body);
      return joinFields([...parts.slice(0, random.int(0, Math.max(0, parts.length - 2))), '']);
    },
  ],
  maxBody: [
    1,
    (body, random, maxBody) => {
      const parts = splitFields(body);
      const i = fieldIndex(random, parts);
      const room = maxBody - body.length + random.int(-2, 0);
      parts[i] = parts[i]! + 'A'.repeat(Math.max(0, room));
      return joinFields(parts);
    },
  ],
  otherTxcode: [
    3,
    (body, random) => {
      const parts = splitFields(body);
      parts[0] = random.int(0, 1) === 0 ? pick(random, [...TXCODES, '0000', '9999', '1007', '4001']) : Buffer.from(random.bytes(4)).toString('latin1');
      return joinFields(parts);
    },
  ],
  otherBank: [
    2,
    (body, random) => {
      const parts = splitFields(body);
      parts[1] = pick(random, ['CCB01', 'ABC01', 'NOSUCH', '', 'icbc01', 'ICBC01ICBC01']);
      return joinFields(parts);
    },
  ],
  reusedSerial: [
    2,
    (body) => {
      const parts = splitFields(body);
      parts[2] = 'FZ00000001';
      return joinFields(parts);
    },
  ],
  oddAmount: [
    2,
    (body, random) => {
      const parts = splitFields(body);
      const amounts = parts.map((p, i) => (/^[0-9]{1,5}$/.test(p) && i >= 6 ? i : -1)).filter((i) => i >= 0);
      if (amounts.length > 0) parts[pick(random, amounts)] = pick(random, ['0', '999999999999', '1000000000000', '-1', '1.5', '00001', '']);
      return joinFields(parts);
    },
  ],
};

export type StreamMaker = (frame: Uint8Array, body: Uint8Array, random: Random, maxBody: number) => Uint8Array;

/** Byte streams the framing cannot follow to the end; sent then half-closed. */
export const STREAMS: Readonly<Record<string, [weight: number, make: StreamMaker]>> = {
  shortLength: [3, (_, body, random) => concatBytes(prefix(random.int(0, Math.max(0, body.length - 1))), body)],
  longLength: [3, (_, body, random, maxBody) => concatBytes(prefix(random.int(body.length + 1, maxBody)), body)],
  hugeLength: [3, (_, body, random, maxBody) => concatBytes(prefix(random.int(maxBody + 1, 999_999)), body, random.int(0, 3) === 0 ? new Uint8Array(random.int(0, 20_000)).fill(0x58) : new Uint8Array(0))],
  badPrefix: [
    3,
    (_, body, random) => {
      const digits = Array.from(prefix(body.length));
      digits[random.int(0, 5)] = pick(random, [0x20, 0x2b, 0x2d, 0x41, 0x7c, 0x00, 0xff, 0x0a]);
      return concatBytes(Uint8Array.from(digits), body);
    },
  ],
  randomStream: [3, (_, __, random) => random.bytes(random.int(1, 300))],
  backToBack: [2, (frame) => concatBytes(frame, frame)],
  trailingGarbage: [2, (frame, _, random) => concatBytes(frame, random.bytes(random.int(1, 40)))],
};

export const prefix = (length: number): Uint8Array => latin1(String(length).padStart(6, '0'));
