import type { CardDefinition } from '../../../simulators/cards/common/emulated-card.ts';

/**
 * A deliberately broken variant of a card emulator. The card conformance suite must fail every one
 * of them; the reference emulator must fail none.
 */
export interface CardMutant {
  /** Short name, e.g. "counter-not-decremented". */
  readonly name: string;
  /** The datasheet rule the variant breaks. */
  readonly breaks: string;
  readonly definition: CardDefinition;
}
