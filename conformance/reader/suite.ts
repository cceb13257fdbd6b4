import { CARD_TYPES } from '../../src/cards/card-type.ts';
import type { ConformanceCase } from '../framework/case.ts';
import { atrCases } from './cases/atr.ts';
import { ccidMessageCases } from './cases/ccid-messages.ts';
import { ccidParameterCases } from './cases/ccid-parameters.ts';
import { ccidSlotCases } from './cases/ccid-slot.ts';
import { memoryCases } from './cases/memory.ts';
import { t0Cases } from './cases/t0.ts';
import type { ReaderTarget } from './target.ts';

export const READER_SUITE_NAME = 'stbpay reader certification';

/**
 * Every reader case: the CCID message layer, slot and power handling, parameters and descriptor,
 * the ATR, T=0 transport, then the memory-card pseudo-APDUs of each card type (only the stated
 * card type's apply to a target; the others are not applicable).
 */
export const READER_CASES: readonly ConformanceCase<ReaderTarget>[] = [
  ...ccidMessageCases,
  ...ccidSlotCases,
  ...ccidParameterCases,
  ...atrCases,
  ...t0Cases,
  ...CARD_TYPES.flatMap((type) => memoryCases(type)),
];

/** The cases a target of `cardType` runs: the others' card cases would only add not-applicable lines. */
export function casesFor(cardType: string): ConformanceCase<ReaderTarget>[] {
  const foreign = CARD_TYPES.filter((t) => t !== cardType).map((t) => `READER-${t}-`);
  return READER_CASES.filter((c) => !foreign.some((prefix) => c.id.startsWith(prefix)));
}
