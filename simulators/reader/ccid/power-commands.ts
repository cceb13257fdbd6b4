import { POWER_SELECT, RDR_TO_PC, SLOT_ERROR, VOLTAGE_SUPPORT } from '../../../src/reader/ccid/constants.ts';
import { failedAnswer, okAnswer } from './answers.ts';
import { cardErrorCode, iccStatusOf, type CommandHandler } from './command-context.ts';
import { parametersFromAtr } from './atr-parameters.ts';
import { defaultParameters } from './parameters.ts';

/** bVoltageSupport bit of each bPowerSelect voltage (§5.1, §6.1.1). */
const VOLTAGE_BIT: Readonly<Record<number, number>> = {
  [POWER_SELECT.v5]: VOLTAGE_SUPPORT.v5,
  [POWER_SELECT.v3]: VOLTAGE_SUPPORT.v3,
  [POWER_SELECT.v1_8]: VOLTAGE_SUPPORT.v1_8,
};

/**
 * PC_to_RDR_IccPowerOn (§6.1.1) → RDR_to_PC_DataBlock with the ATR. bPowerSelect 0 (automatic) or a
 * voltage the descriptor's bVoltageSupport lists; any other value fails with bError 07 (byte 7).
 */
export const iccPowerOn: CommandHandler = async ({ profile, slot, state }, message) => {
  const powerSelect = message.specific[0];
  if (powerSelect !== POWER_SELECT.automatic) {
    const bit = VOLTAGE_BIT[powerSelect];
    if (bit === undefined || (profile.descriptor.bVoltageSupport & bit) === 0) {
      return [failedAnswer(RDR_TO_PC.DataBlock, message, iccStatusOf(slot), SLOT_ERROR.badByte7)];
    }
  }
  if (!slot.card) return [failedAnswer(RDR_TO_PC.DataBlock, message, iccStatusOf(slot), SLOT_ERROR.iccMute)];
  try {
    const atr = await slot.powerOn();
    // The protocol the card's ATR offers (a CPU card's T=1, say), as GetParameters then reports it.
    state.parameters = parametersFromAtr(atr);
    return [okAnswer(RDR_TO_PC.DataBlock, message, iccStatusOf(slot), atr)];
  } catch (error) {
    return [failedAnswer(RDR_TO_PC.DataBlock, message, iccStatusOf(slot), cardErrorCode(error))];
  }
};

/** PC_to_RDR_IccPowerOff (§6.1.2) → RDR_to_PC_SlotStatus: the card is inactive (or absent) afterwards. */
export const iccPowerOff: CommandHandler = async ({ slot, state }, message) => {
  await slot.powerOff().catch(() => undefined);
  state.parameters = defaultParameters();
  return [okAnswer(RDR_TO_PC.SlotStatus, message, iccStatusOf(slot))];
};

/** PC_to_RDR_GetSlotStatus (§6.1.3) → RDR_to_PC_SlotStatus, bClockStatus 0. */
export const getSlotStatus: CommandHandler = async ({ slot }, message) => [okAnswer(RDR_TO_PC.SlotStatus, message, iccStatusOf(slot))];
