import { DecodeError } from '../../core/errors.ts';
import { hexByte } from '../../core/hex.ts';
import { CCID_HEADER_LENGTH, COMMAND_STATUS, type CommandStatus, type IccStatus } from './constants.ts';

/**
 * One CCID bulk message (CCID 1.1 §6): the 10-byte header and abData. `specific` holds header bytes
 * 7, 8 and 9, whose meaning depends on the message type (bPowerSelect, bBWI + wLevelParameter,
 * bProtocolNum, bStatus + bError + bChainParameter/bClockStatus/bProtocolNum...).
 */
export interface CcidMessage {
  readonly type: number;
  readonly slot: number;
  readonly seq: number;
  readonly specific: readonly [number, number, number];
  readonly data: Uint8Array;
}

/** The header of an RDR_to_PC answer, with bStatus split into its two fields (§6.2.6). */
export interface CcidAnswer extends CcidMessage {
  readonly iccStatus: IccStatus;
  readonly commandStatus: CommandStatus;
  readonly error: number;
}

export function encodeCcid(message: CcidMessage): Uint8Array {
  const out = new Uint8Array(CCID_HEADER_LENGTH + message.data.length);
  out[0] = message.type;
  new DataView(out.buffer).setUint32(1, message.data.length, true);
  out[5] = message.slot;
  out[6] = message.seq;
  out[7] = message.specific[0];
  out[8] = message.specific[1];
  out[9] = message.specific[2];
  out.set(message.data, CCID_HEADER_LENGTH);
  return out;
}

/** Reads dwLength (header bytes 1..4, little-endian) of a message that holds at least a header. */
export function declaredLength(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(1, true);
}

/**
 * Decodes exactly one message. Throws DecodeError, carrying the bytes, when there is less than a
 * header or when dwLength disagrees with the bytes that follow the header.
 */
export function decodeCcid(bytes: Uint8Array): CcidMessage {
  if (bytes.length < CCID_HEADER_LENGTH) {
    throw new DecodeError(`CCID message is ${bytes.length} bytes, shorter than the ${CCID_HEADER_LENGTH}-byte header`, bytes);
  }
  const length = declaredLength(bytes);
  if (length !== bytes.length - CCID_HEADER_LENGTH) {
    throw new DecodeError(`CCID dwLength says ${length} data bytes, ${bytes.length - CCID_HEADER_LENGTH} follow the header`, bytes);
  }
  return {
    type: bytes[0]!,
    slot: bytes[5]!,
    seq: bytes[6]!,
    specific: [bytes[7]!, bytes[8]!, bytes[9]!],
    data: bytes.slice(CCID_HEADER_LENGTH),
  };
}

/** Decodes an RDR_to_PC message and splits bStatus (header byte 7) into bmICCStatus and bmCommandStatus. */
export function decodeAnswer(bytes: Uint8Array): CcidAnswer {
  const message = decodeCcid(bytes);
  const status = message.specific[0];
  const commandStatus = (status >> 6) & 0x03;
  if (commandStatus > COMMAND_STATUS.timeExtension) {
    throw new DecodeError(`CCID bStatus ${hexByte(status)} has the reserved bmCommandStatus 3`, bytes);
  }
  const iccStatus = status & 0x03;
  if (iccStatus === 3) {
    throw new DecodeError(`CCID bStatus ${hexByte(status)} has the reserved bmICCStatus 3`, bytes);
  }
  return { ...message, iccStatus: iccStatus as IccStatus, commandStatus: commandStatus as CommandStatus, error: message.specific[1] };
}

/** bStatus from its two fields (§6.2.6). */
export function statusByte(iccStatus: IccStatus, commandStatus: CommandStatus): number {
  return (commandStatus << 6) | iccStatus;
}
