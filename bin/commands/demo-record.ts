import { DecodeError } from '../../src/core/errors.ts';

/**
 * The demo's purchase record on the card (an illustration, not a State Grid card format):
 * meter number 5 bytes BCD (10 digits), purchase count 2 bytes, amount in fen 4 bytes, all big-endian,
 * then an XOR check byte over the 11 bytes before it. Money stays in integer fen.
 */
export const RECORD_ADDRESS = 0x40;
export const RECORD_LENGTH = 12;

export interface PurchaseRecord {
  readonly meterNumber: number;
  readonly purchaseCount: number;
  readonly amountFen: number;
}

export function purchaseRecord(record: PurchaseRecord): Uint8Array {
  const bytes = new Uint8Array(RECORD_LENGTH);
  const digits = record.meterNumber.toString().padStart(10, '0');
  for (let i = 0; i < 5; i++) bytes[i] = (Number(digits[2 * i]) << 4) | Number(digits[2 * i + 1]);
  const view = new DataView(bytes.buffer);
  view.setUint16(5, record.purchaseCount);
  view.setUint32(7, record.amountFen);
  bytes[11] = bytes.subarray(0, 11).reduce((x, b) => x ^ b, 0);
  return bytes;
}

export function readPurchaseRecord(bytes: Uint8Array): PurchaseRecord {
  if (bytes.length !== RECORD_LENGTH || bytes.subarray(0, 11).reduce((x, b) => x ^ b, 0) !== bytes[11]) {
    throw new DecodeError('purchase record: wrong length or check byte', bytes);
  }
  const digits = Array.from(bytes.subarray(0, 5), (b) => `${b >> 4}${b & 0x0f}`).join('');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { meterNumber: Number(digits), purchaseCount: view.getUint16(5), amountFen: view.getUint32(7) };
}
