import { FEATURE, FEATURE_LEVEL_MASK, RDR_TO_PC, SLOT_ERROR } from '../../../src/reader/ccid/constants.ts';
import { failedAnswer, okAnswer, timeExtension } from './answers.ts';
import { cardErrorCode, iccStatusOf, type CommandHandler } from './command-context.ts';

/** Time extensions sent for one command at most: a chip busy for longer is not credible. */
const MAX_TIME_EXTENSIONS = 16;
/** bError of a time extension: the WWT multiplier. 1 asks the host to wait one more WWT. */
const TIME_EXTENSION_MULTIPLIER = 1;

/**
 * PC_to_RDR_XfrBlock (§6.1.4) → RDR_to_PC_DataBlock with the card's response. An empty slot or an
 * unpowered card fails with ICC_MUTE and the slot's bmICCStatus (§6.2.6); a card that goes mute
 * during the command (power lost mid-write) is deactivated and answers the same way. For every
 * full `timeExtensionAfterMs` the chip was busy, a time extension precedes the answer.
 */
export const xfrBlock: CommandHandler = async ({ profile, slot }, message) => {
  // wLevelParameter is RFU (0000h) at TPDU and short-APDU level (§6.1.4): only chaining uses it.
  const level = profile.descriptor.dwFeatures & FEATURE_LEVEL_MASK;
  const wLevelParameter = message.specific[1] | (message.specific[2] << 8);
  if (wLevelParameter !== 0 && (level === FEATURE.levelTpdu || level === FEATURE.levelShortApdu)) {
    return [failedAnswer(RDR_TO_PC.DataBlock, message, iccStatusOf(slot), SLOT_ERROR.badByte8)];
  }
  if (!slot.card || !slot.powered) return [failedAnswer(RDR_TO_PC.DataBlock, message, iccStatusOf(slot), SLOT_ERROR.iccMute)];
  let response: Uint8Array;
  try {
    response = await slot.transmit(message.data);
  } catch (error) {
    return [failedAnswer(RDR_TO_PC.DataBlock, message, iccStatusOf(slot), cardErrorCode(error))];
  }
  const busyMs = slot.takeBusyMicros() / 1000;
  const extensions = Math.min(MAX_TIME_EXTENSIONS, Math.floor(busyMs / profile.timeExtensionAfterMs));
  const status = iccStatusOf(slot);
  const waiting = Array.from({ length: extensions }, () => timeExtension(RDR_TO_PC.DataBlock, message, status, TIME_EXTENSION_MULTIPLIER));
  return [...waiting, okAnswer(RDR_TO_PC.DataBlock, message, status, response)];
};
