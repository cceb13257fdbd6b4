import { hexByte } from '../../src/core/hex.ts';
import { ANSWER_TYPE, COMMAND_STATUS, RDR_TO_PC, SLOT_ERROR, type PcToRdrType } from '../../src/reader/ccid/constants.ts';
import { checkEqual, fail } from '../framework/case.ts';
import { messageName } from './ccid-commands.ts';
import type { CcidExchange } from './link.ts';
import { READER_CAPABILITY } from './target.ts';

export const NEEDS_CCID = [READER_CAPABILITY.ccid];

/**
 * The header rules every answer follows (CCID 1.1 §6.2): bMessageType is the one table 6.1-1 gives
 * the command, bSlot and bSeq echo the command's. dwLength was checked against the bytes when the
 * answer was decoded.
 */
export function checkAnswerHeader(exchange: CcidExchange, what: string, options: { unsupportedAsSlotStatus?: boolean } = {}): void {
  const [type = -1, , , , , slot = -1, seq = -1] = exchange.request;
  const expected = ANSWER_TYPE[type as PcToRdrType];
  const excused = options.unsupportedAsSlotStatus === true && isSlotStatusRefusal(exchange);
  if (expected !== undefined && exchange.answer.type !== expected && !excused) {
    fail(`${what}: answered ${messageName(exchange.answer.type)}, CCID table 6.1-1 says ${messageName(expected)}`);
  }
  checkEqual(exchange.answer.slot, slot, `${what}: bSlot of the answer (echoes the command's)`);
  checkEqual(exchange.answer.seq, seq, `${what}: bSeq of the answer (echoes the command's)`);
}

/**
 * A command refused as not supported with RDR_to_PC_SlotStatus, bError 00, instead of the type
 * table 6.1-1 pairs it with. CCID 1.1 pairs each command with its answer type but defines bError 00
 * "Command not supported" (table 6.2-2) without saying which message carries it for a command the
 * reader lacks; SlotStatus is what such readers send, so for those commands it is recorded, not failed.
 */
export function isSlotStatusRefusal(exchange: CcidExchange): boolean {
  const { answer } = exchange;
  return answer.type === RDR_TO_PC.SlotStatus && answer.commandStatus === COMMAND_STATUS.failed && answer.error === SLOT_ERROR.commandNotSupported;
}

/** Fails unless the command failed (bmCommandStatus 1) with bError `error`. [CCID 1.1 §6.2.6] */
export function checkFailedWith(exchange: CcidExchange, error: number, what: string): void {
  const { answer } = exchange;
  if (answer.commandStatus !== COMMAND_STATUS.failed) {
    fail(`${what}: bmCommandStatus ${answer.commandStatus} (${answer.commandStatus === 0 ? 'processed without error' : 'time extension'}), expected 1 (failed) with bError ${hexByte(error)}`);
  }
  checkEqual(answer.error, error, `${what}: bError`);
}

/** Fails unless the command was processed without error. */
export function checkOk(exchange: CcidExchange, what: string): void {
  const { answer } = exchange;
  if (answer.commandStatus !== COMMAND_STATUS.ok) fail(`${what}: bmCommandStatus ${answer.commandStatus}, bError ${hexByte(answer.error)}; expected processed without error`);
}
