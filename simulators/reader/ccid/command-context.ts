import { CardMuteError } from '../../../src/cards/synchronous-card.ts';
import { ICC_STATUS, SLOT_ERROR, type IccStatus } from '../../../src/reader/ccid/constants.ts';
import type { CcidMessage } from '../../../src/reader/ccid/message.ts';
import type { ReaderProfile } from '../profiles.ts';
import type { CardSlot } from '../slot.ts';
import type { ProtocolParameters } from './parameters.ts';

/** CCID state of one slot beside the card: its protocol parameters (§6.1.5..§6.1.7). */
export interface SlotProtocolState {
  parameters: ProtocolParameters;
}

/** What a command handler works with: the reader profile, the addressed slot and its state. */
export interface CommandContext {
  readonly profile: ReaderProfile;
  readonly slot: CardSlot;
  readonly state: SlotProtocolState;
}

/** One PC_to_RDR command's handler: the answers it produces, time extensions first. */
export type CommandHandler = (context: CommandContext, message: CcidMessage) => Promise<Uint8Array[]>;

/** bmICCStatus of a slot (§6.2.6): absent, present and inactive, or present and active. */
export function iccStatusOf(slot: CardSlot | undefined): IccStatus {
  if (!slot?.card) return ICC_STATUS.absent;
  return slot.powered ? ICC_STATUS.presentActive : ICC_STATUS.presentInactive;
}

/**
 * bError for an exception out of the card side: ICC_MUTE when the card did not answer; HW_ERROR for
 * anything else (e.g. no firmware for the card type), since the reader could not do its part.
 */
export function cardErrorCode(error: unknown): number {
  return error instanceof CardMuteError ? SLOT_ERROR.iccMute : SLOT_ERROR.hwError;
}
