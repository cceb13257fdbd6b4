import { RDR_TO_PC, SLOT_ERROR } from '../../../src/reader/ccid/constants.ts';
import { failedAnswer, okAnswer } from './answers.ts';
import { iccStatusOf, type CommandContext, type CommandHandler } from './command-context.ts';
import { parametersFromAtr } from './atr-parameters.ts';
import { checkSetParameters, defaultParameters } from './parameters.ts';
import type { CcidMessage } from '../../../src/reader/ccid/message.ts';

/** RDR_to_PC_Parameters (§6.2.3): byte 9 is bProtocolNum, abData the protocol data structure. */
function parametersAnswer({ slot, state }: CommandContext, message: CcidMessage): Uint8Array {
  return okAnswer(RDR_TO_PC.Parameters, message, iccStatusOf(slot), state.parameters.data, state.parameters.protocol);
}

/** Parameter commands need a card: an empty slot fails with ICC_MUTE, bmICCStatus 2 (§6.1.5..§6.1.7). */
function noCard(context: CommandContext, message: CcidMessage): Uint8Array[] | undefined {
  if (context.slot.card) return undefined;
  return [failedAnswer(RDR_TO_PC.Parameters, message, iccStatusOf(context.slot), SLOT_ERROR.iccMute, context.state.parameters.protocol)];
}

/** PC_to_RDR_GetParameters (§6.1.5). */
export const getParameters: CommandHandler = async (context, message) => noCard(context, message) ?? [parametersAnswer(context, message)];

/** PC_to_RDR_ResetParameters (§6.1.6): back to the defaults the ATR implies. */
export const resetParameters: CommandHandler = async (context, message) => {
  const refused = noCard(context, message);
  if (refused) return refused;
  const atr = context.slot.atr;
  context.state.parameters = atr ? parametersFromAtr(atr) : defaultParameters();
  return [parametersAnswer(context, message)];
};

/**
 * PC_to_RDR_SetParameters (§6.1.7): bProtocolNum in byte 7, 5 (T=0) or 7 (T=1) bytes of data. A
 * refused field fails with bError = its byte offset, as §6.2.6 defines for 1..127. The
 * `rejectSetParametersForMemoryCards` quirk refuses it for memory cards only; a CPU card's
 * parameters are set as asked.
 */
export const setParameters: CommandHandler = async (context, message) => {
  const refused = noCard(context, message);
  if (refused) return refused;
  const { profile, slot, state } = context;
  if (profile.quirks.rejectSetParametersForMemoryCards && slot.cardKind === 'memory') {
    return [failedAnswer(RDR_TO_PC.Parameters, message, iccStatusOf(slot), SLOT_ERROR.commandNotSupported, state.parameters.protocol)];
  }
  const check = checkSetParameters(message.specific[0], message.data, profile.descriptor);
  if (!check.ok) return [failedAnswer(RDR_TO_PC.Parameters, message, iccStatusOf(slot), check.error, state.parameters.protocol)];
  state.parameters = check.parameters;
  return [parametersAnswer(context, message)];
};
