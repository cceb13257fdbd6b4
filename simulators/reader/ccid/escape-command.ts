import { RDR_TO_PC, SLOT_ERROR } from '../../../src/reader/ccid/constants.ts';
import { failedAnswer, okAnswer } from './answers.ts';
import { iccStatusOf, type CommandHandler } from './command-context.ts';
import { runEscape } from './escape.ts';

/** PC_to_RDR_Escape (§6.1.8) → RDR_to_PC_Escape; an unknown vendor command fails with bError 00. */
export const escapeCommand: CommandHandler = async ({ profile, slot }, message) => {
  const result = runEscape(profile, message.data);
  if (!result.supported) return [failedAnswer(RDR_TO_PC.Escape, message, iccStatusOf(slot), SLOT_ERROR.commandNotSupported)];
  return [okAnswer(RDR_TO_PC.Escape, message, iccStatusOf(slot), result.data)];
};
