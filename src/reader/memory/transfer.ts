import { InputError } from '../../core/errors.ts';
import { hexByte } from '../../core/hex.ts';
import { ApduError, commandApdu, expectOk, splitResponse, type ApduChannel } from '../apdu.ts';

/**
 * Chunked READ_MEMORY_CARD / WRITE_MEMORY_CARD and the answer to a write, shared by every memory
 * card in the ACS pseudo-APDU family (class FF).
 */
const CLA = 0xff;

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

export const DEFAULT_MAX_TRANSFER = 255;

export function transferLimit(value: number | undefined, field: string): number {
  const limit = value ?? DEFAULT_MAX_TRANSFER;
  if (!Number.isInteger(limit) || limit < 1 || limit > 255) throw new InputError(field, `${limit} is not a short APDU length (1..255)`);
  return limit;
}

interface ChunkedTransfer {
  readonly ins: number;
  readonly address: number;
  readonly max: number;
  /** P1 P2 of an address. */
  readonly encode: (address: number) => [number, number];
}

export async function readInChunks(channel: ApduChannel, transfer: ChunkedTransfer & { readonly length: number }): Promise<Uint8Array> {
  const out = new Uint8Array(transfer.length);
  for (let offset = 0; offset < transfer.length; offset += transfer.max) {
    const count = Math.min(transfer.max, transfer.length - offset);
    const [p1, p2] = transfer.encode(transfer.address + offset);
    const response = await channel.transmit(commandApdu(CLA, transfer.ins, p1, p2, undefined, count));
    const data = expectOk(response, `READ_MEMORY_CARD of ${count} bytes at ${hexByte(p1)}${hexByte(p2)}`);
    if (data.length !== count) throw new ApduError(`READ_MEMORY_CARD asked for ${count} bytes, got ${data.length}`, response);
    out.set(data, offset);
  }
  return out;
}

export async function writeInChunks(channel: ApduChannel, transfer: ChunkedTransfer & { readonly data: Uint8Array }): Promise<void> {
  for (let offset = 0; offset < transfer.data.length; offset += transfer.max) {
    const chunk = transfer.data.subarray(offset, offset + transfer.max);
    const [p1, p2] = transfer.encode(transfer.address + offset);
    expectWritten(await channel.transmit(commandApdu(CLA, transfer.ins, p1, p2, chunk)), `write of ${chunk.length} bytes at ${hexByte(p1)}${hexByte(p2)}`);
  }
}

/** 90 00, or ApduError saying why: 65 81 the card did not take the data, 69 85 the code was not presented. */
export function expectWritten(response: Uint8Array, what: string): void {
  const { sw } = splitResponse(response);
  if (sw === 0x6581) throw new ApduError(`${what}: the card did not take the data (65 81: protected, or code not presented)`, response);
  if (sw === 0x6985) throw new ApduError(`${what}: conditions not satisfied (69 85): present the code first`, response);
  expectOk(response, what);
}

