import { ANSWER_TYPE, COMMAND_STATUS, RDR_TO_PC, type IccStatus, type PcToRdrType } from '../../../src/reader/ccid/constants.ts';
import { encodeCcid, statusByte } from '../../../src/reader/ccid/message.ts';

/** The header fields every answer echoes (CCID 1.1 §6.2: bSlot and bSeq as in the command). */
export interface Addressed {
  readonly slot: number;
  readonly seq: number;
}

const EMPTY = new Uint8Array(0);
/** RDR_to_PC_DataRateAndClockFrequency always carries dwClockFrequency and dwDataRate (§6.2.5). */
const DATA_RATE_AND_CLOCK_LENGTH = 8;

/** The answer message type of a command: table 6.1-1, SlotStatus for types CCID does not define. */
export function answerTypeOf(commandType: number): number {
  return ANSWER_TYPE[commandType as PcToRdrType] ?? RDR_TO_PC.SlotStatus;
}

/**
 * A successful answer. Byte 9 is bChainParameter (DataBlock, 0: the whole response), bClockStatus
 * (SlotStatus, 0: clock running), bProtocolNum (Parameters) or RFU: `byte9` gives it.
 */
export function okAnswer(type: number, to: Addressed, iccStatus: IccStatus, data: Uint8Array = EMPTY, byte9 = 0): Uint8Array {
  return encodeCcid({ type, slot: to.slot, seq: to.seq, specific: [statusByte(iccStatus, COMMAND_STATUS.ok), 0, byte9], data });
}

/** bmCommandStatus 1 with bError (§6.2.6); failed answers carry no data except the fixed-size 84 message. */
export function failedAnswer(type: number, to: Addressed, iccStatus: IccStatus, error: number, byte9 = 0): Uint8Array {
  const data = type === RDR_TO_PC.DataRateAndClockFrequency ? new Uint8Array(DATA_RATE_AND_CLOCK_LENGTH) : EMPTY;
  return encodeCcid({ type, slot: to.slot, seq: to.seq, specific: [statusByte(iccStatus, COMMAND_STATUS.failed), error, byte9], data });
}

/**
 * bmCommandStatus 2, time extension requested (§6.2.6): same type, slot and bSeq as the answer to
 * come; bError is the BWT/WWT multiplier, by which libccid multiplies its read timeout before it
 * reads again (src/commands.c CCID_Receive, "Time extension requested"; ReadUSB only reads).
 */
export function timeExtension(type: number, to: Addressed, iccStatus: IccStatus, multiplier: number): Uint8Array {
  return encodeCcid({ type, slot: to.slot, seq: to.seq, specific: [statusByte(iccStatus, COMMAND_STATUS.timeExtension), multiplier, 0], data: EMPTY });
}
