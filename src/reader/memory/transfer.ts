/**
 * SELECT_CARD_TYPE, argument ranges, chunked READ_MEMORY_CARD / WRITE_MEMORY_CARD and the answer to a
 * write, shared by every memory card in the ACS pseudo-APDU family (class FF).
 */
import { InputError } from '../../core/errors.ts';
import { hexByte } from '../../core/hex.ts';
import type { CardType } from '../../cards/card-type.ts';
import { ApduError, commandApdu, expectOk, splitResponse, type ApduChannel } from '../apdu.ts';
import { ACS_CLA, ACS_SELECT_CODE, SW } from './acs-pseudo-apdu.ts';

/** SELECT_CARD_TYPE `FF A4 00 00 01 tt`: the reader power-cycles the card and drives it as `type` [ACR38x §9.3.x.1]. */
export async function selectCardType(channel: ApduChannel, type: CardType): Promise<void> {
  const code = ACS_SELECT_CODE[type];
  expectOk(await channel.transmit(commandApdu(ACS_CLA, 0xa4, 0x00, 0x00, Uint8Array.of(code))), `SELECT_CARD_TYPE ${hexByte(code)} (${type})`);
}

/** InputError, before anything is sent, unless `length` (≥ 1) bytes from `address` fit `what` of `size` bytes. */
export function checkRange(address: number, length: number, size: number, what: string): void {
  if (!Number.isInteger(address) || address < 0 || address >= size) {
    throw new InputError('address', `${address} is outside the ${what} (0..${size - 1})`);
  }
  if (!Number.isInteger(length) || length < 1 || address + length > size) {
    throw new InputError('length', `${length} byte(s) at ${address} do not fit the ${what} (0..${size - 1})`);
  }
}

export interface TransferOptions {
  /**
   * Most bytes one READ_MEMORY_CARD asks for: 1..255, default 255. Le 00 is never sent: ISO/IEC
   * 7816-4 reads it as 256, but older ACS manuals send MEM_L 00 to mean "the command's own length"
   * (READ_PRESENTATION_ERROR_COUNTER, ACR38x PC/SC v6.02 §9.2.2.6.5), so a reader may not.
   * Lower it for readers whose GET_READER_INFORMATION MAX_R is smaller (ACR38x §9.4.1).
   */
  readonly maxReadLength?: number;
  /** Most data bytes one write carries: 1..255 (short Lc), default 255; MAX_C of the reader. */
  readonly maxWriteLength?: number;
}

const DEFAULT_MAX_TRANSFER = 255;

function transferLimit(value: number | undefined, field: string): number {
  const limit = value ?? DEFAULT_MAX_TRANSFER;
  if (!Number.isInteger(limit) || limit < 1 || limit > 255) throw new InputError(field, `${limit} is not a short APDU length (1..255)`);
  return limit;
}

/** The bytes a command may address: checked (InputError, nothing sent) before any transfer. */
export interface MemoryArea {
  readonly size: number;
  /** 'SLE4442 main memory': names the area in messages. */
  readonly name: string;
}

interface ChunkedTransfer {
  readonly ins: number;
  readonly address: number;
  readonly area: MemoryArea;
  /** P1 P2 of an address. */
  readonly encode: (address: number) => [number, number];
}

/** READ_MEMORY_CARD `FF ins P1 P2 LL` in reads of at most `maxReadLength` bytes. */
export async function readInChunks(channel: ApduChannel, transfer: ChunkedTransfer & { readonly length: number }, options: TransferOptions = {}): Promise<Uint8Array> {
  checkRange(transfer.address, transfer.length, transfer.area.size, transfer.area.name);
  const max = transferLimit(options.maxReadLength, 'maxReadLength');
  const out = new Uint8Array(transfer.length);
  for (let offset = 0; offset < transfer.length; offset += max) {
    const count = Math.min(max, transfer.length - offset);
    const [p1, p2] = transfer.encode(transfer.address + offset);
    const response = await channel.transmit(commandApdu(ACS_CLA, transfer.ins, p1, p2, undefined, count));
    const data = expectOk(response, `READ_MEMORY_CARD of ${count} bytes at ${hexByte(p1)}${hexByte(p2)}`);
    if (data.length !== count) throw new ApduError(`READ_MEMORY_CARD asked for ${count} bytes, got ${data.length}`, response);
    out.set(data, offset);
  }
  return out;
}

/** `FF ins P1 P2 Lc data` in writes of at most `maxWriteLength` bytes, each answered as expectWritten says. */
export async function writeInChunks(channel: ApduChannel, transfer: ChunkedTransfer & { readonly data: Uint8Array }, options: TransferOptions = {}): Promise<void> {
  checkRange(transfer.address, transfer.data.length, transfer.area.size, transfer.area.name);
  const max = transferLimit(options.maxWriteLength, 'maxWriteLength');
  for (let offset = 0; offset < transfer.data.length; offset += max) {
    const chunk = transfer.data.subarray(offset, offset + max);
    const [p1, p2] = transfer.encode(transfer.address + offset);
    expectWritten(await channel.transmit(commandApdu(ACS_CLA, transfer.ins, p1, p2, chunk)), `write of ${chunk.length} bytes at ${hexByte(p1)}${hexByte(p2)}`);
  }
}

/** 90 00, or ApduError saying why: 65 81 the card did not take the data, 69 85 the code was not presented. */
export function expectWritten(response: Uint8Array, what: string): void {
  const { sw } = splitResponse(response);
  if (sw === SW.memoryFailure) throw new ApduError(`${what}: the card did not take the data (65 81: protected, or code not presented)`, response);
  if (sw === SW.conditionsNotSatisfied) throw new ApduError(`${what}: conditions not satisfied (69 85): present the code first`, response);
  expectOk(response, what);
}

