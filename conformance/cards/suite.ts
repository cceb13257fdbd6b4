import type { CardType } from '../../src/cards/card-type.ts';
import { CARD_DEFINITIONS } from '../../simulators/cards/registry.ts';
import type { ConformanceCase } from '../framework/case.ts';
import type { TargetBinding } from '../framework/runner.ts';
import { emulatorBinding, type CardTarget } from './target.ts';
import { sle4442Cases } from './sle4442/cases.ts';
import { sle4428Cases } from './sle4428/cases.ts';
import { at88sc1608Cases } from './at88sc1608/cases.ts';
import { at88sc153Cases } from './at88sc153/cases.ts';
import { at88sc102Cases } from './at88sc102/cases.ts';
import { at88sc1604Cases } from './at88sc1604/cases.ts';

export const CARD_SUITE_NAME = 'stbpay card conformance';

/** The conformance cases of every card type. */
export const CARD_CASES: Readonly<Record<CardType, readonly ConformanceCase<CardTarget>[]>> = {
  SLE4442: sle4442Cases,
  SLE4428: sle4428Cases,
  AT88SC1608: at88sc1608Cases,
  AT88SC153: at88sc153Cases,
  AT88SC102: at88sc102Cases,
  AT88SC1604: at88sc1604Cases,
};

/** The emulator of each given card type bound to its cases. */
export function emulatorBindings(types: readonly CardType[]): TargetBinding<CardTarget>[] {
  return types.map((type) => emulatorBinding(CARD_DEFINITIONS[type], CARD_CASES[type]));
}
